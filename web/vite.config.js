// vite.config.js -- builds the web app into dist/ (or --outDir): index.html
// at the root, hashed bundles under assets/, each JS/CSS/SVG file with a
// gzip twin (NAME.gz) that petory-httpd serves to clients that accept it.
// The app is served under /static/ (assets) and /app/ (pages).
import { defineConfig } from "vite";
import { gzipSync } from "node:zlib";

function gzipTwins() {
  return {
    name: "petory-gzip-twins",
    apply: "build",
    generateBundle(_options, bundle) {
      for (const [name, item] of Object.entries(bundle)) {
        if (!/\.(js|css|svg|html|json)$/.test(name)) continue;
        const source = item.type === "chunk" ? item.code : item.source;
        this.emitFile({
          type: "asset",
          fileName: name + ".gz",
          source: gzipSync(Buffer.from(source), { level: 9 }),
        });
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
