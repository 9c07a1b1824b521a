#!/usr/bin/env node
// The client is TypeScript that shares `schema/` with the worker and the site.
// Node runs it as it is (type stripping, on by default since Node 22.18); the
// schema's imports leave out the `.ts` extension, as bundlers allow, so a
// resolve hook adds it, and maps the site's `$schema` alias to the same folder.
import { enableCompileCache, registerHooks } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

if (!process.features.typescript) {
  console.error(`gavel needs Node.js 22.18 or newer (this is ${process.version}).`);
  process.exit(1);
}

// Compiled code (type-stripped sources included) is cached in the OS temp folder: later runs start faster.
enableCompileCache();

const schemaFolder = pathToFileURL(fileURLToPath(new URL("../../schema/", import.meta.url))).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const target = specifier === "$schema" ? `${schemaFolder}index` : specifier.startsWith("$schema/") ? schemaFolder + specifier.slice(8) : specifier;
    try {
      return nextResolve(target, context);
    } catch (error) {
      const local = target.startsWith("./") || target.startsWith("../") || target.startsWith("file:");
      if (!local || error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
      return nextResolve(`${target}.ts`, context);
    }
  },
});

const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv);
