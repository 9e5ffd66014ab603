import { dirname, join, relative, sep } from "node:path";
import ts from "typescript";

/** One barrel (`packages/<name>/src/**\/index.ts`): what it exports and what the rest of the repository takes from it. */
export interface BarrelSurface {
  /** Path from the repository root, `/`-separated. */
  readonly path: string;
  /** `export *` (and `export * as`) statements: they hide what the folder offers. */
  readonly starExports: readonly string[];
  /** Every name the barrel exports, with the line it is exported on. */
  readonly exported: ReadonlyMap<string, number>;
  /** Name → files outside the barrel's folder that import that name through the barrel. */
  readonly usedBy: ReadonlyMap<string, readonly string[]>;
  /** Files outside the folder that take the whole module (`import * as`, `typeof import(...)`): nothing to curate against. */
  readonly wholeModuleUsers: readonly string[];
}

const BARREL = /^packages\/[^/]+\/src\/(?:.+\/)?index\.ts$/;

/** Names a module-level declaration exports (`export const a = …, b = …` included). */
function declaredNames(statement: ts.Statement): string[] {
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
  if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return [];
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((d) =>
      ts.isIdentifier(d.name) ? [d.name.text] : [],
    );
  }
  if (modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return ["default"];
  const name = (statement as ts.DeclarationStatement).name;
  return name && ts.isIdentifier(name) ? [name.text] : [];
}

/**
 * Reads every TypeScript file of the project `tsconfig.json` at `root` once (syntax only, no type check), finds
 * the barrels, and records which names each file imports through them. Imports are resolved the way the
 * compiler resolves them, so `@nwh/core/query`, `../query` and `../query/index` all reach the same barrel.
 */
export function barrelSurfaces(root: string): BarrelSurface[] {
  const configPath = join(root, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  const cache = ts.createModuleResolutionCache(root, (f) => f, parsed.options);
  const rel = (file: string) => relative(root, file).split(sep).join("/");
  const files = parsed.fileNames.map((f) => rel(f)).filter((f) => !f.includes("node_modules/"));

  const barrels = new Map<string, { starExports: string[]; exported: Map<string, number> }>();
  const uses = new Map<string, Map<string, Set<string>>>();
  const whole = new Map<string, Set<string>>();
  const sources = files.map((file) => {
    const text = ts.sys.readFile(join(root, file)) ?? "";
    return { file, source: ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true) };
  });

  for (const { file, source } of sources) {
    if (!BARREL.test(file)) continue;
    const starExports: string[] = [];
    const exported = new Map<string, number>();
    const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    for (const statement of source.statements) {
      if (ts.isExportDeclaration(statement)) {
        const clause = statement.exportClause;
        if (!clause || ts.isNamespaceExport(clause))
          starExports.push(`${lineOf(statement)}: ${statement.getText()}`);
        else for (const e of clause.elements) exported.set(e.name.text, lineOf(e));
      } else {
        for (const name of declaredNames(statement)) exported.set(name, lineOf(statement));
      }
    }
    barrels.set(file, { starExports, exported });
  }

  const resolve = (specifier: string, from: string): string | undefined => {
    if (!specifier.startsWith(".") && !specifier.startsWith("@nwh/")) return undefined;
    const found = ts.resolveModuleName(
      specifier,
      join(root, from),
      parsed.options,
      ts.sys,
      cache,
    ).resolvedModule;
    if (!found) return undefined;
    const target = rel(ts.sys.realpath?.(found.resolvedFileName) ?? found.resolvedFileName);
    return barrels.has(target) ? target : undefined;
  };
  // A folder's own tests (`packages/p/test/x/` for `packages/p/src/x/`) may reach its files directly, so
  // they do not count as users of its barrel; everyone else does.
  const outside = (file: string, barrel: string) => {
    const folder = dirname(barrel);
    const tests = folder.replace(/^(packages\/[^/]+)\/src(?=\/|$)/, "$1/test");
    return !file.startsWith(`${folder}/`) && !file.startsWith(`${tests}/`);
  };
  const use = (barrel: string, name: string, file: string) => {
    const byName = uses.get(barrel) ?? new Map<string, Set<string>>();
    uses.set(barrel, byName);
    const users = byName.get(name) ?? new Set<string>();
    byName.set(name, users);
    users.add(file);
  };
  const useWhole = (barrel: string, file: string) => {
    const users = whole.get(barrel) ?? new Set<string>();
    whole.set(barrel, users);
    users.add(file);
  };

  for (const { file, source } of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
        const spec = node.moduleSpecifier;
        const barrel = spec && ts.isStringLiteral(spec) ? resolve(spec.text, file) : undefined;
        if (barrel && outside(file, barrel)) {
          if (ts.isImportDeclaration(node)) {
            const clause = node.importClause;
            if (clause?.name) use(barrel, "default", file);
            const bindings = clause?.namedBindings;
            if (bindings && ts.isNamespaceImport(bindings)) useWhole(barrel, file);
            else for (const e of bindings?.elements ?? []) use(barrel, (e.propertyName ?? e.name).text, file);
          } else {
            const clause = node.exportClause;
            if (!clause || ts.isNamespaceExport(clause)) useWhole(barrel, file);
            else for (const e of clause.elements) use(barrel, (e.propertyName ?? e.name).text, file);
          }
        }
        return;
      }
      // `const { a, b } = await import("…")`, and `import("…")` used any other way (the whole module).
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [arg] = node.arguments;
        const barrel = arg && ts.isStringLiteral(arg) ? resolve(arg.text, file) : undefined;
        if (barrel && outside(file, barrel)) {
          let holder: ts.Node = node.parent;
          while (ts.isAwaitExpression(holder) || ts.isParenthesizedExpression(holder)) holder = holder.parent;
          if (ts.isVariableDeclaration(holder) && ts.isObjectBindingPattern(holder.name)) {
            for (const e of holder.name.elements) {
              const name = e.propertyName ?? e.name;
              if (ts.isIdentifier(name)) use(barrel, name.text, file);
            }
          } else useWhole(barrel, file);
        }
      }
      // `import("…").Name` in a type, or `typeof import("…")`.
      if (
        ts.isImportTypeNode(node) &&
        ts.isLiteralTypeNode(node.argument) &&
        ts.isStringLiteral(node.argument.literal)
      ) {
        const barrel = resolve(node.argument.literal.text, file);
        if (barrel && outside(file, barrel)) {
          const q = node.qualifier;
          if (q) use(barrel, ts.isIdentifier(q) ? q.text : leftmost(q), file);
          else useWhole(barrel, file);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }

  return [...barrels].map(([path, { starExports, exported }]) => ({
    path,
    starExports,
    exported,
    usedBy: new Map([...(uses.get(path) ?? [])].map(([name, users]) => [name, [...users].sort()])),
    wholeModuleUsers: [...(whole.get(path) ?? [])].sort(),
  }));
}

function leftmost(name: ts.QualifiedName): string {
  let left: ts.EntityName = name;
  while (ts.isQualifiedName(left)) left = left.left;
  return left.text;
}
