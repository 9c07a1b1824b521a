#!/usr/bin/env node
// `npm run deploy -- --env staging|production [--dry-run]` (docs/operations.md).
// A deploy applies D1 migrations remotely, deploys the API worker, builds the
// site and deploys it to Pages from web/, so web/wrangler.toml (and its API
// service binding) is the configuration Pages uses. A dry run does everything
// that needs no account and prints the remote commands it would run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { unstable_readConfig } from "wrangler";
import { buildWeb } from "./build-web.mjs";
import { compileMessages } from "./i18n-compile.mjs";
import { root, wrangler } from "./local-stack.mjs";

export const environments = ["staging", "production"];

/** Pages has two environments: the production branch, and "preview" for every other branch. */
const PAGES_PRODUCTION_BRANCH = "main";
const pagesBranch = (environment) => (environment === "production" ? PAGES_PRODUCTION_BRANCH : environment);
const pagesEnvironment = (environment) => (environment === "production" ? "production" : "preview");

const PLACEHOLDER_DATABASE_ID = "00000000-0000-0000-0000-000000000000";
const workerConfigPath = join(root, "wrangler.toml");
const webConfigPath = join(root, "web", "wrangler.toml");

function readWorkerConfig(environment) {
  return unstable_readConfig({ config: workerConfigPath, env: environment }, { hideWarnings: true });
}

/** The binding names a worker config declares, by kind. */
function bindingNames(config) {
  return {
    d1: config.d1_databases.map((entry) => entry.binding),
    r2: config.r2_buckets.map((entry) => entry.binding),
    durableObjects: config.durable_objects.bindings.map((entry) => entry.name),
    queueProducers: config.queues.producers?.map((entry) => entry.binding) ?? [],
    sendEmail: config.send_email.map((entry) => entry.name),
    rateLimits: config.ratelimits.map((entry) => entry.name),
    vars: Object.keys(config.vars),
  };
}

/** The names of remote resources an environment uses: no two environments may share one. */
function resourceNames(config) {
  return [
    ...config.d1_databases.map((entry) => `D1 ${entry.database_name}`),
    ...config.r2_buckets.map((entry) => `R2 ${entry.bucket_name}`),
    ...(config.queues.consumers ?? []).map((entry) => `queue ${entry.queue}`),
  ];
}

function isLocalUrl(value) {
  try {
    const { hostname } = new URL(value);
    return hostname === "localhost" || hostname.endsWith(".localhost") || hostname.endsWith(".test") || hostname === "[::1]" || hostname.startsWith("127.");
  } catch {
    return false;
  }
}

/**
 * What stops an environment from deploying. `errors` are mistakes in the
 * configuration; `placeholders` are values an operator sets before the first
 * deploy (a dry run reports them, a deploy refuses them).
 */
export function checkEnvironment(environment) {
  const errors = [];
  const placeholders = [];
  const local = readWorkerConfig(undefined);
  const config = readWorkerConfig(environment);
  const wanted = bindingNames(local);
  const present = bindingNames(config);
  for (const [kind, names] of Object.entries(wanted)) {
    for (const name of names) if (!present[kind].includes(name)) errors.push(`${kind}: ${name} is missing from [env.${environment}]`);
  }
  if (config.workers_dev !== false) errors.push("workers_dev must be false: the API is reached through the site only");
  const vars = config.vars;
  if (vars.MAIL_TRANSPORT !== "cloudflare") errors.push(`MAIL_TRANSPORT must be "cloudflare", not ${JSON.stringify(vars.MAIL_TRANSPORT)}`);
  if (typeof vars.SITE_URL !== "string" || !vars.SITE_URL.startsWith("https://") || isLocalUrl(vars.SITE_URL)) {
    errors.push(`SITE_URL must be the site's public https:// origin, not ${JSON.stringify(vars.SITE_URL)}`);
  } else if (new URL(vars.SITE_URL).hostname.endsWith(".example")) {
    placeholders.push(`SITE_URL ${vars.SITE_URL}: set the site's public origin`);
  }
  if (typeof vars.MAIL_FROM === "string" && /@[^>]*\.example>?$/.test(vars.MAIL_FROM)) {
    placeholders.push(`MAIL_FROM ${vars.MAIL_FROM}: set an address on your sending domain`);
  }
  for (const database of config.d1_databases) {
    if (!database.database_id || database.database_id === PLACEHOLDER_DATABASE_ID) {
      placeholders.push(`D1 ${database.database_name}: set database_id to what 'wrangler d1 create ${database.database_name}' prints`);
    }
  }
  if (config.name === local.name && environment !== "production") errors.push(`[env.${environment}] must have its own worker name`);
  for (const other of environments.filter((name) => name !== environment)) {
    const shared = resourceNames(readWorkerConfig(other)).filter((name) => resourceNames(config).includes(name));
    if (shared.length > 0) errors.push(`shares ${shared.join(", ")} with ${other}`);
  }
  const web = unstable_readConfig({ config: webConfigPath, env: pagesEnvironment(environment) }, { hideWarnings: true });
  const api = web.services?.find((service) => service.binding === "API");
  if (!api) errors.push(`web/wrangler.toml [env.${pagesEnvironment(environment)}] has no API service binding`);
  else if (api.service !== config.name) errors.push(`web/wrangler.toml [env.${pagesEnvironment(environment)}] binds API to ${api.service}, not ${config.name}`);
  // Wrangler suffixes an environment's name; Pages environments live inside one project.
  return { errors, placeholders, workerName: config.name, pagesProject: web.topLevelName ?? web.name };
}

/** The remote commands of a deploy, in order, each with the directory it runs in. */
export function deployPlan(environment) {
  const { pagesProject } = checkEnvironment(environment);
  const web = join(root, "web");
  return [
    { what: "apply D1 migrations", cwd: root, args: ["d1", "migrations", "apply", "DB", "--remote", "--env", environment] },
    { what: "deploy the API worker", cwd: root, args: ["deploy", "--env", environment] },
    { what: "build the site", cwd: root, local: true },
    {
      what: "create the Pages project (first deploy only)",
      cwd: web,
      args: ["pages", "project", "create", pagesProject, "--production-branch", PAGES_PRODUCTION_BRANCH],
      onlyIfMissing: pagesProject,
    },
    { what: "deploy the site to Pages", cwd: web, args: ["pages", "deploy", "--branch", pagesBranch(environment), "--commit-dirty=true"] },
  ];
}

export function describeStep(step) {
  if (step.local) return `${step.what}: node scripts/build-web.mjs  (in ${step.cwd})`;
  return `${step.what}: wrangler ${step.args.join(" ")}  (in ${step.cwd})`;
}

function runWrangler(args, cwd, options = {}) {
  const result = spawnSync(wrangler, args, { cwd, encoding: "utf8", stdio: options.capture ? "pipe" : "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  if (result.status !== 0) {
    if (options.capture) process.stderr.write(result.stderr ?? "");
    throw new Error(`'wrangler ${args.join(" ")}' failed in ${cwd}`);
  }
  return result.stdout;
}

/** Bundles the worker for the environment exactly as a deploy would, without uploading it. */
function bundleWorker(environment) {
  const outdir = mkdtempSync(join(tmpdir(), `gavel-bundle-${environment}-`));
  try {
    const output = runWrangler(["deploy", "--dry-run", "--env", environment, "--outdir", outdir], root, { capture: true });
    if (!existsSync(join(outdir, "index.js"))) throw new Error("wrangler deploy --dry-run wrote no bundle");
    return output;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function pagesProjectExists(name) {
  const output = runWrangler(["pages", "project", "list", "--json"], join(root, "web"), { capture: true });
  return JSON.parse(output).some((project) => project["Project Name"] === name || project.name === name);
}

export function parseArgs(argv) {
  const envIndex = argv.findIndex((arg) => arg === "--env" || arg === "-e");
  const inline = argv.find((arg) => arg.startsWith("--env="));
  const environment = inline ? inline.slice("--env=".length) : envIndex >= 0 ? argv[envIndex + 1] : undefined;
  return { environment, dryRun: argv.includes("--dry-run") };
}

export async function deploy({ environment, dryRun }, out = console) {
  if (!environments.includes(environment)) throw new Error(`Choose an environment: --env ${environments.join("|")}`);
  const { errors, placeholders } = checkEnvironment(environment);
  if (errors.length > 0) throw new Error(`The ${environment} configuration is not deployable:\n  - ${errors.join("\n  - ")}`);
  out.log(`deploy: ${environment}: every binding and var resolves in wrangler.toml and web/wrangler.toml`);
  if (placeholders.length > 0) {
    const list = `  - ${placeholders.join("\n  - ")}`;
    if (!dryRun) throw new Error(`Set these before deploying ${environment}:\n${list}`);
    out.log(`deploy: set these before the first real deploy:\n${list}`);
  }
  const plan = deployPlan(environment);
  // The worker bundle imports the compiled messages (schema/paraglide).
  compileMessages();
  if (dryRun) {
    bundleWorker(environment);
    out.log(`deploy: bundled the worker for ${environment} (wrangler deploy --dry-run)`);
    buildWeb();
    if (!existsSync(join(root, "web", ".svelte-kit", "cloudflare", "_worker.js"))) throw new Error("the site build produced no _worker.js");
    out.log("deploy: built the site (web/.svelte-kit/cloudflare)");
    out.log(`deploy: dry run; a deploy of ${environment} would run:`);
    plan.forEach((step, index) => out.log(`  ${index + 1}. ${describeStep(step)}`));
    return plan;
  }
  for (const step of plan) {
    out.log(`deploy: ${describeStep(step)}`);
    if (step.local) buildWeb();
    else if (step.onlyIfMissing && pagesProjectExists(step.onlyIfMissing)) out.log("deploy: the Pages project exists");
    else runWrangler(step.args, step.cwd);
  }
  out.log(`deploy: ${environment} is deployed`);
  return plan;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await deploy(parseArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(`deploy: ${error.message}`);
    process.exit(1);
  }
}
