// The project's import graph, read with the TypeScript compiler (so `@/` paths resolve as
// tsconfig.json says, and type-only imports count: ESLint's import/no-cycle skips those,
// yet a cycle of types still ties two modules into one). Used by import-graph.test.ts,
// which fails on any cycle.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export type ImportGraph = Map<string, string[]>;

const SOURCE = /\.(ts|tsx|mts)$/;
const SKIP = new Set(["node_modules", "generated", ".next", ".data"]);

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) || entry.name.startsWith(".") ? [] : sourceFiles(full);
    return SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Every source file under `dirs` (relative to `root`) and the project files each imports, as paths relative to `root`. */
export function importGraph(root: string, dirs: readonly string[]): ImportGraph {
  const config = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const host = ts.createCompilerHost(options);
  const graph: ImportGraph = new Map();
  for (const file of dirs.flatMap((d) => sourceFiles(path.join(root, d)))) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, options, host).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) continue;
      const target = path.relative(root, resolved.resolvedFileName);
      if (target.startsWith("..") || target.split(path.sep).some((part) => SKIP.has(part))) continue;
      targets.add(target.split(path.sep).join("/"));
    }
    graph.set(path.relative(root, file).split(path.sep).join("/"), [...targets].sort());
  }
  return graph;
}

/** The import cycles in a graph: one for each set of files that import one another, as a path from a file back to itself. */
export function findCycles(graph: ImportGraph): string[][] {
  // Tarjan's strongly connected components; each component of more than one file (or a
  // file importing itself) holds at least one cycle, of which the first found is shown.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => cycleIn(graph, new Set(component)));
}

/** A path from the component's first file (in name order) back to itself, staying inside the component. */
function cycleIn(graph: ImportGraph, component: Set<string>): string[] {
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
