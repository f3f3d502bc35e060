import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

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
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/db", "@/lib/generated/*", "@prisma/*"], message: "Components get data from app/ through lib/ domain functions, never from Prisma." }] }],
    },
  },
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
          message: "crypto.randomUUID is missing on plain-http origins: use newNoteId from @/components/annotations/format.",
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
