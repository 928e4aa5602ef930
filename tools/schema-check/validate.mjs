// Usage: node validate.mjs SCHEMA.json DOCUMENT.json...
// Prints "ok FILE" or "invalid FILE: <instancePath> <message>" per document; exits 1 if any is invalid.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";

const [schemaFile, ...documents] = process.argv.slice(2);
if (!schemaFile || documents.length === 0) {
  console.error("usage: node validate.mjs SCHEMA.json DOCUMENT.json...");
  process.exit(2);
}

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));
let failed = false;
for (const file of documents) {
  if (validate(JSON.parse(readFileSync(file, "utf8")))) {
    console.log(`ok ${file}`);
  } else {
    failed = true;
    for (const error of validate.errors) {
      console.log(`invalid ${file}: ${error.instancePath || "/"} ${error.message}`);
    }
  }
}
process.exit(failed ? 1 : 0);
