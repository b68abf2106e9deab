// jsonld.js (npm package `jsonld`, pinned in package-lock.json) over JSON-LD files:
// prints one JSON object, path -> N-Quads (or {"error": message}). Its document loader is
// replaced by one that records the URL and fails: a published document must need none.
"use strict";
const fs = require("fs");
const path = require("path");
const jsonld = require(path.join(process.argv[2], "node_modules", "jsonld"));

const loaded = [];
jsonld.documentLoader = async (url) => {
  loaded.push(url);
  throw new Error(`document loader called for ${url} (no network allowed)`);
};

(async () => {
  const out = {};
  for (const file of process.argv.slice(3)) {
    try {
      const doc = JSON.parse(fs.readFileSync(file, "utf8"));
      // safe mode (any dropped key or value is an error), except for a context document,
      // which holds nothing but its @context and so is "empty" by design
      const safe = Object.keys(doc).some((key) => key !== "@context");
      out[file] = await jsonld.toRDF(doc, {format: "application/n-quads", safe});
    } catch (err) {
      out[file] = {error: String(err && err.message || err)};
    }
  }
  process.stdout.write(JSON.stringify({results: out, loaded}));
})();
