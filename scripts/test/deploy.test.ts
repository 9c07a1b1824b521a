import { describe, expect, it } from "vitest";
import { checkEnvironment, deployPlan, describeStep, environments } from "../deploy.mjs";
import { root, runScript } from "./cli";

describe("npm run deploy -- --dry-run", () => {
  it("bundles the worker, builds the site and prints the remote commands with their directories (production)", () => {
    const result = runScript("deploy.mjs", ["--dry-run", "--env", "production"]);
    expect(result.status, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain("every binding and var resolves");
    expect(out).toContain("bundled the worker for production (wrangler deploy --dry-run)");
    expect(out).toContain("built the site");
    expect(out).toContain(`wrangler d1 migrations apply DB --remote --env production  (in ${root})`);
    expect(out).toContain(`wrangler deploy --env production  (in ${root})`);
    expect(out).toContain(`wrangler pages deploy --branch main --commit-dirty=true  (in ${root}/web)`);
    expect(out).toContain("set these before the first real deploy");
  });

  it("refuses to deploy for real while placeholders remain, and without an environment", () => {
    const real = runScript("deploy.mjs", ["--env", "staging"]);
    expect(real.status).toBe(1);
    expect(real.stderr).toContain("Set these before deploying staging");
    expect(real.stderr).toContain("database_id");
    const none = runScript("deploy.mjs", ["--dry-run"]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain("--env staging|production");
  });
});

describe("each environment's configuration", () => {
  it.each(environments)("%s has every binding and var, its own resources, no workers.dev and a Pages API binding to its worker", (environment) => {
    const { errors, workerName, pagesProject } = checkEnvironment(environment);
    expect(errors).toEqual([]);
    expect(workerName).toBe(environment === "production" ? "gavel-api" : "gavel-api-staging");
    expect(pagesProject).toBe("gavel-web");
  });

  it("deploys staging to the Pages preview branch and production to main, both from web/", () => {
    const pages = (environment: string) => deployPlan(environment).filter((step: { args?: string[] }) => step.args?.[0] === "pages");
    for (const environment of environments) {
      for (const step of pages(environment)) expect(describeStep(step)).toMatch(/\(in .*\/web\)$/);
    }
    expect(pages("staging").at(-1)?.args).toContain("staging");
    expect(pages("production").at(-1)?.args).toContain("main");
  });
});
