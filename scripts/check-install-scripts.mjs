// Fails when an installed dependency has an install script that package.json's
// allowScripts neither approves nor denies: npm skips such scripts silently, so
// a new dependency that needs one (or ships telemetry in one) must be reviewed
// and recorded with `npm install-scripts approve|deny <pkg>` before CI passes.
import { execFileSync } from "node:child_process";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const report = JSON.parse(execFileSync(npm, ["install-scripts", "ls", "--json"], { encoding: "utf8" }));
const pending = report.allowScripts.flatMap((entry) => entry.changes.filter((change) => change.change === "pending").map((change) => change.key));
if (pending.length > 0) {
  console.error(`ci: install scripts not yet reviewed in package.json's allowScripts: ${pending.join(", ")}`);
  console.error("ci: read each script, then `npm install-scripts approve <pkg>` or `npm install-scripts deny <pkg>`");
  process.exit(1);
}
console.log("ci: every dependency install script is reviewed (allowScripts)");
