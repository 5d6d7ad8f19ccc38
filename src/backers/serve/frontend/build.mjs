// Bundle the pages' scripts into ../static/dist (git-ignored; `make` runs this).
// Everything comes from node_modules pinned in package-lock.json: no CDN at run time.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "swagger"), { recursive: true });

await build({
  entryPoints: {
    network: join(here, "src", "network.js"),
    docs: join(here, "src", "docs.js"),
  },
  bundle: true,
  format: "iife",
  target: ["es2020"],
  minify: true,
  sourcemap: true,
  legalComments: "linked",
  outdir: out,
  logLevel: "info",
});

const swagger = join(here, "node_modules", "swagger-ui-dist");
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"]) {
  cpSync(join(swagger, name), join(out, "swagger", name));
}
