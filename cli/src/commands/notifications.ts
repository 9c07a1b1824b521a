import type { Command } from "commander";
import { ChannelFrame, NotificationList, type Notification } from "../../../schema/api/notifications";
import { UsageError } from "../config";
import type { Context } from "../context";
import { dateTime } from "../format";
import { ReconnectingSocket, socketUrl, type SocketFactory } from "../socket";

/** The channel closes idle sockets; a ping keeps ours open (answered with `pong`, without waking the channel's object). */
const PING_INTERVAL_MS = 30_000;

function notificationLines(notification: Notification, context: Context): string[] {
  const { style } = context;
  const marker = notification.readAt === null ? style.paint("yellow", "●") : " ";
  return [`${marker} ${style.paint("dim", dateTime(notification.createdAt, context.time))}  ${style.paint("bold", notification.title)}`, `  ${notification.body}`];
}

export function notificationCommands(program: Command, context: Context, socket?: SocketFactory): void {
  program
    .command("notifications")
    .description("your latest notifications, the newest at the bottom; --follow then prints new ones as they arrive")
    .option("--unread", "only unread ones")
    .option("--limit <n>", "how many to list, 1 to 100", "20")
    .option("-f, --follow", "stay connected and print each new notification (Ctrl-C to stop)")
    .option("--json", "print {items, unreadCount}; with --follow, one JSON notification per line")
    .action(async (options: { unread?: boolean; limit: string; follow?: boolean; json?: boolean }) => {
      const api = await context.api();
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError("--limit takes a whole number from 1 to 100");
      const list = await api.request(NotificationList, `/api/me/notifications?limit=${limit}&unread=${options.unread ? "true" : "false"}`, { auth: "required" });
      const seen = new Set(list.items.map((item) => item.id));
      if (options.json && !options.follow) return context.json({ items: list.items, unreadCount: list.unreadCount });
      if (options.json) for (const item of [...list.items].reverse()) context.io.stdout.write(`${JSON.stringify(item)}\n`);
      else {
        for (const item of [...list.items].reverse()) context.print(...notificationLines(item, context));
        if (!options.follow) context.print(context.style.paint("dim", `${list.unreadCount} unread`));
      }
      if (!options.follow) return;

      const show = (item: Notification) => {
        if (seen.has(item.id)) return;
        seen.add(item.id);
        if (options.json) context.io.stdout.write(`${JSON.stringify(item)}\n`);
        else context.print(...notificationLines(item, context));
      };
      /** After a reconnect: whatever arrived while the socket was down. */
      const catchUp = async () => {
        const recent = await api.request(NotificationList, `/api/me/notifications?limit=${limit}`, { auth: "required" }).catch(() => null);
        for (const item of [...(recent?.items ?? [])].reverse()) show(item);
      };
      let connectedBefore = false;
      await new Promise<void>((resolve) => {
        const channel = new ReconnectingSocket({
          url: socketUrl(api.server, "/api/me/notifications/live"),
          token: () => api.accessToken(),
          ...(socket && { socket }),
          onMessage: (data) => {
            if (data === "pong") return;
            let raw: unknown;
            try {
              raw = JSON.parse(data);
            } catch {
              return;
            }
            const frame = ChannelFrame.safeParse(raw);
            // Frames added later are skipped, not fatal.
            if (!frame.success) return;
            channel.markHealthy();
            if (frame.data.type === "notification") show(frame.data.notification);
            if (frame.data.type === "error") context.note(context.errStyle.paint("red", `${frame.data.code}: ${frame.data.message}`));
          },
          onStatus: (status, retryInMs) => {
            if (status === "open") {
              if (connectedBefore) void catchUp();
              connectedBefore = true;
              context.note(context.errStyle.paint("dim", "Following notifications (Ctrl-C to stop)…"));
            }
            if (status === "reconnecting") context.note(context.errStyle.paint("dim", `Connection lost; reconnecting in ${Math.ceil((retryInMs ?? 0) / 1000)} s`));
          },
          onClose: (code) => {
            // 4001: the session ended (logged out, revoked): a renewed token or nothing.
            if (code === 4001) void api.accessToken(true).catch(() => null);
          },
        });
        const ping = setInterval(() => channel.send("ping"), PING_INTERVAL_MS);
        const stop = () => {
          clearInterval(ping);
          channel.stop();
          resolve();
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        channel.start();
      });
    });
}
