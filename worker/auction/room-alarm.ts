/**
 * The room's one alarm, set to the earliest thing due (a lifecycle change, a
 * timed notice, an outbox retry, pruning). The time set is remembered so an
 * unchanged one is not written again on every bid.
 */
export class RoomAlarm {
  private alarmAt: number | null = null;

  constructor(private readonly storage: DurableObjectStorage) {}

  async load(): Promise<void> {
    this.alarmAt = await this.storage.getAlarm();
  }

  fired(): void {
    this.alarmAt = null;
  }

  /** Call last in a handler: alarms are at-least-once and a later write wins. */
  setToEarliest(times: ReadonlyArray<number | null>): void {
    const due = times.reduce<number | null>((earliest, time) => (time !== null && (earliest === null || time < earliest) ? time : earliest), null);
    if (due === this.alarmAt) return;
    this.alarmAt = due;
    if (due === null) void this.storage.deleteAlarm();
    else void this.storage.setAlarm(due);
  }
}
