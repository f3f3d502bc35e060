// The W3C Web Annotation test suite's MUST assertions (fixtures/w3c-web-annotation-tests),
// compiled with ajv for the tests: an annotation, an annotation collection and a page.
// Test code only (the app never loads it).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv from "ajv";

const draft04 = createRequire(import.meta.url)("ajv/lib/refs/json-schema-draft-04.json") as object;

const ROOT = path.join(import.meta.dirname, "fixtures", "w3c-web-annotation-tests");
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as { id: string; assertions?: string[] };

function build() {
  // Draft-04 schemas name themselves with `id`; a reference the stored id.json does not define
  // (see the README) stands for any value rather than failing the compile.
  const ajv = new Ajv({ schemaId: "id", missingRefs: "ignore", logger: false });
  ajv.addMetaSchema(draft04);
  for (const file of fs.readdirSync(path.join(ROOT, "definitions"))) ajv.addSchema(read(`definitions/${file}`));
  const musts = (test: string) => read(test).assertions!.filter((file) => fs.existsSync(path.join(ROOT, file)));
  for (const file of [...musts("annotations/annotationMusts.test"), ...musts("collections/collectionMusts.test")]) ajv.addSchema(read(file));
  return ajv;
}

const ajv = build();
const ref = (id: string) => ({ $ref: id });
const idOf = (file: string) => read(file).id;

/** Every assertion annotationMusts.test lists. */
export const annotationValidator = ajv.compile({
  allOf: read("annotations/annotationMusts.test").assertions!.map((file) => ref(idOf(file))),
});

/**
 * collectionMusts.test: the assertions stored (id, type) and, for the ones named but not in
 * the repository, the collection definitions they apply (context, label, total, first, last).
 */
export const collectionValidator = ajv.compile({
  allOf: [
    ref(idOf("collections/5.1-collectionIdValidated.json")),
    ref(idOf("collections/5.1-collectionTypeValidated.json")),
    {
      type: "object",
      required: ["@context"],
      properties: { "@context": { oneOf: [ref("collections.json#/definitions/contextValueFound"), ref("collections.json#/definitions/contextValueInArrayFound")] } },
    },
    ref("collections.json#/definitions/labelDefinition"),
    ref("collections.json#/definitions/totalDefinition"),
    ref("collections.json#/definitions/firstValidIfPresent"),
    ref("collections.json#/definitions/firstRequiredIfTotalMoreThanZero"),
    ref("collections.json#/definitions/lastValidIfPresent"),
    ref("otherProperties.json#/definitions/createdValidIfPresent"),
    ref("otherProperties.json#/definitions/modifiedValidIfPresent"),
    ref("otherProperties.json#/definitions/rightsValidIfPresent"),
  ],
});

/** A page: its type, items (annotations or IRIs), startIndex, next and prev. */
export const pageValidator = ajv.compile({
  allOf: [
    ref("collections.json#/definitions/annotationPageTypeValueFound"),
    ref("collections.json#/definitions/itemsFound"),
    ref("collections.json#/definitions/startIndexDefinition"),
    ref("collections.json#/definitions/nextValidIfPresent"),
    ref("collections.json#/definitions/prevValidIfPresent"),
  ],
});
