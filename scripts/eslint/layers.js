// ESLint rule enforcing DESIGN.md's "who may import whom" table.
// Each source file belongs to a layer by its folder; every import is resolved
// to the layer it lands in (our folders) or classified as a Node built-in or a package.
import path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Ordered: the first prefix that matches wins (server/console before server). */
const LAYERS = [
  ['shared', 'shared/'],
  ['agent', 'electron/agent/'],
  ['main', 'electron/main/'],
  ['preload', 'electron/preload/'],
  ['renderer', 'renderer/'],
  ['console', 'server/console/'],
  ['server', 'server/'],
  ['test', 'test/'],
];

const BROWSER_PACKAGES = ['react', 'react-dom', 'zod'];

/**
 * What each layer may import. `layers`: our folders; `node`: Node built-ins;
 * `packages`: true for any npm package, or a list of allowed package names.
 */
export const RULES = {
  shared: { layers: ['shared'], node: false, packages: ['zod'] },
  agent: { layers: ['agent', 'shared'], node: true, packages: true, forbidPackages: ['electron', 'react', 'react-dom'] },
  main: { layers: ['main', 'agent', 'shared'], node: true, packages: true, forbidPackages: ['react', 'react-dom'] },
  preload: { layers: ['preload', 'shared'], node: false, packages: ['electron', 'zod'] },
  renderer: { layers: ['renderer', 'shared'], node: false, packages: BROWSER_PACKAGES },
  console: { layers: ['console', 'shared'], node: false, packages: BROWSER_PACKAGES },
  server: { layers: ['server', 'shared'], node: true, packages: true, forbidPackages: ['electron', 'react', 'react-dom'] },
  test: null,
};

function layerOf(absFile) {
  const rel = path.relative(ROOT, absFile).split(path.sep).join('/');
  if (rel.startsWith('..')) return null;
  for (const [name, prefix] of LAYERS) if (rel.startsWith(prefix)) return name;
  return null;
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import rules between ShiftGuard layers (DESIGN.md)' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    const rule = from ? RULES[from] : null;
    if (!rule) return {};

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      const report = (why) => context.report({ node, message: `${from} may not import '${spec}': ${why} (see DESIGN.md)` });
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = layerOf(path.resolve(path.dirname(file), spec));
        if (!target) return report('it is outside the source layers');
        if (!rule.layers.includes(target)) report(`${target} is not among [${rule.layers.join(', ')}]`);
        return;
      }
      if (BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0])) {
        if (!rule.node) report('Node built-ins are not available in this layer');
        return;
      }
      const pkg = packageName(spec);
      if (rule.forbidPackages?.includes(pkg)) return report(`package '${pkg}' is forbidden here`);
      if (rule.packages === true) return;
      if (!rule.packages.includes(pkg)) report(`only [${rule.packages.join(', ')}] packages are allowed here`);
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};
