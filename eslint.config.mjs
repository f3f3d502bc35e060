import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// The feature folders of components/, lowest first (docs/architecture.md, "Layers in
// components/"). A folder imports from the layers below its own and never from its own
// layer's other folders or a layer above; the base (the first) is one kit, whose folders
// may use one another. A new folder is added here (a test fails until it is).
export const COMPONENT_LAYERS = [
  ["ui", "forms", "groups"],
  ["realtime", "reader"],
  ["readings", "library", "search", "export", "import"],
  ["annotations"],
  ["discussion"],
  ["text-page", "site"],
];

const NO_PRISMA = { group: ["@/lib/db", "@/lib/generated/*", "@prisma/*"], message: "Components get data from app/ through lib/ domain functions, never from Prisma." };

/** The imports a folder of components/ may not make: the folders of its own layer (outside the base) and of every layer above. */
function upwardImports(folder) {
  const layer = COMPONENT_LAYERS.findIndex((folders) => folders.includes(folder));
  const barred = COMPONENT_LAYERS.slice(layer === 0 ? 1 : layer)
    .flat()
    .filter((other) => other !== folder);
  return barred.map((other) => ({
    group: [`@/components/${other}`, `@/components/${other}/*`, `../${other}`, `../${other}/*`],
    message: `components/${folder} sits below components/${other} or beside it (docs/architecture.md): move what both need down a layer, or the code that needs both up.`,
  }));
}

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", ".next-*/**", "node_modules/**", ".data/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    // Playwright fixtures hand values on with a function called `use`, which is not React's.
    files: ["e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // The layers in docs/architecture.md: components never reach the database, lib never imports the UI.
    files: ["components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [NO_PRISMA] }] },
  },
  // Within components/, no import runs up the layers. A later block replaces the rule's
  // options rather than adding to them, so each repeats the ban on Prisma.
  ...COMPONENT_LAYERS.flat()
    .map((folder) => ({ folder, barred: upwardImports(folder) }))
    .filter(({ barred }) => barred.length)
    .map(({ folder, barred }) => ({
      files: [`components/${folder}/**/*.{ts,tsx}`],
      rules: { "no-restricted-imports": ["error", { patterns: [NO_PRISMA, ...barred] }] },
    })),
  {
    // crypto.randomUUID exists only on secure origins (https, localhost): on a plain-http
    // address the browser has no such function. Client-made ids come from newNoteId.
    files: ["components/**/*.tsx", "app/**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...[
          "MemberExpression[object.name='crypto'][property.name='randomUUID']",
          "MemberExpression[object.property.name='crypto'][property.name='randomUUID']",
          "VariableDeclarator[init.name='crypto'] > ObjectPattern > Property[key.name='randomUUID']",
          "VariableDeclarator[init.property.name='crypto'] > ObjectPattern > Property[key.name='randomUUID']",
        ].map((selector) => ({
          selector,
          message: "crypto.randomUUID is missing on plain-http origins: use newNoteId from @/components/ui/note-id.",
        })),
      ],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "@/components/*"], message: "lib/ is the domain layer: it must not import from app/ or components/." }] }],
    },
  },
];

export default config;
