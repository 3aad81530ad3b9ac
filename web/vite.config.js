// vite.config.js -- builds the web app into dist/ (or --outDir): index.html
// at the root, hashed bundles under assets/, each JS/CSS/SVG file with a
// gzip twin (NAME.gz) that petory-httpd serves to clients that accept it.
// The app is served under /static/ (assets) and /app/ (pages).
import { defineConfig } from "vite";
import { gzipSync } from "node:zlib";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

function gzipTwins() {
  // after the files are written, so that the twins hold the final bytes
  // (Vite still rewrites chunks in generateBundle)
  return {
    name: "petory-gzip-twins",
    apply: "build",
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|svg|html|json)$/.test(name)) continue;
        const file = path.join(options.dir, name);
        writeFileSync(file + ".gz", gzipSync(readFileSync(file), { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  base: "/static/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
    reportCompressedSize: false,
  },
  plugins: [gzipTwins()],
});
