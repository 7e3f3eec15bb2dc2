/**
 * `j1-integration collect`, alone: the SDK CLI's own `collect` command, run without loading
 * the CLI's twelve other commands (neo4j, sync, visualize, ...), which costs a third of a
 * second of CPU at every start. Same options, same output, same exit codes.
 *
 *   node scripts/lib/collect-command.js --project-path DIR [--disable-schema-validation]
 */
'use strict';

const Module = require('module');
const path = require('path');

/*
 * Modules a local collection calls only in some runs load when first called: `rimraf` (the
 * runtime wipes `.j1-integration/` with it only when one is there), `get-folder-size` (its
 * disk usage, measured when a directory is there), `fs-extra` (the CLI copies the step
 * cache with it only for `--step`), `mv` (bunyan's, for rotating log files, with its own
 * rimraf and glob) and `source-map-support` with `source-map` (twelve modules bunyan loads to
 * map the caller of a log record to its source, which only a logger made with `src: true`
 * asks for, and the SDK's are not): about 0.1 CPU-s of every start together. And the SDK's
 * single-function lodash modules (`lodash/groupBy`, `lodash/camelCase`, ...: some fifty small
 * files) are the same functions of the whole `lodash`, which the runtime loads anyway: about
 * 0.06 CPU-s.
 *
 * Two modules a local collection never calls are loaded when first used, not at start:
 *
 * - `@lifeomic/alpha`, the runtime's JupiterOne API client (`collect` uploads nothing), with
 *   its axios and Lambda adapters: about a tenth of a second of CPU at every start. The
 *   runtime only constructs it (`new Alpha(...)` in its `api/index.js`), so its stand-in is
 *   a constructor that loads the real class the first time it is called.
 * - `aws-sdk`, which alpha's Lambda adapter loads whole (a quarter of a second): a stand-in
 *   that loads the real SDK the first time anything is read from it.
 *
 * A run that does use either behaves as before.
 *
 * And one module a collection uses is loaded when first used rather than at start:
 * `@jupiterone/data-model`, the data model the SDK's core loads at once, whose JSON schemas
 * (ajv) take about 0.15 CPU-s to load. Its relationship classes, which step metadata reads
 * while the integration loads, come from their own small file; anything else loads the whole
 * model, which the integration first asks for while its first request is in flight
 * (`src/steps/shared/schema-warmup.ts`): then the cost hides behind the network.
 */
const load = Module._load;
const from = (parent, pattern) => pattern.test(parent?.filename ?? '');
Module._load = function loadLazily(request, parent, isMain) {
  const real = () => load.call(this, request, parent, isMain);
  if (request === '@lifeomic/alpha' && from(parent, /[\\/]integration-sdk-runtime[\\/]/)) {
    return lazyClass(real);
  }
  if (request === 'aws-sdk' && from(parent, /[\\/]@lifeomic[\\/]alpha[\\/]/)) {
    return lazyObject(real);
  }
  if (request === '@jupiterone/data-model' && from(parent, /[\\/]integration-sdk-core[\\/]/)) {
    const main = Module._resolveFilename(request, parent, isMain);
    const relationshipClass = path.join(path.dirname(main), 'RelationshipClass.js');
    return lazyObject(real, {
      __esModule: () => true,
      RelationshipClass: () => require(relationshipClass).RelationshipClass,
    });
  }
  if (
    /^lodash\/\w+$/.test(request) &&
    from(parent, /[\\/]@jupiterone[\\/]integration-sdk-(core|runtime)[\\/]/)
  ) {
    const whole = load.call(this, 'lodash', parent, isMain);
    const name = request.slice('lodash/'.length);
    if (typeof whole[name] === 'function') return whole[name];
  }
  if (
    (request === 'rimraf' || request === 'get-folder-size') &&
    from(parent, /[\\/]integration-sdk-runtime[\\/]dist[\\/]src[\\/]fileSystem\.js$/)
  ) {
    return lazyClass(real);
  }
  if (
    request === 'fs-extra' &&
    from(parent, /[\\/]integration-sdk-cli[\\/]dist[\\/]src[\\/]commands[\\/]collect\.js$/)
  ) {
    return lazyObject(real, { __esModule: () => undefined });
  }
  if (
    request === 'globby' &&
    from(parent, /[\\/]integration-sdk-cli[\\/]dist[\\/]src[\\/]config\.js$/)
  ) {
    return typeScriptGlob(real);
  }
  if (request === 'mv' && from(parent, /[\\/]bunyan[\\/]lib[\\/]bunyan\.js$/)) {
    return lazyClass(real);
  }
  if (request === 'source-map-support' && from(parent, /[\\/]bunyan[\\/]lib[\\/]bunyan\.js$/)) {
    return lazyObject(real);
  }
  return load.call(this, request, parent, isMain);
};

/**
 * The CLI's config.js calls globby once, to ask whether the project's source directory holds
 * TypeScript (`['**\/*.ts', '!**\/*.d.ts']`, to register ts-node): this answers that one call
 * by walking the directory as globby would (no dot-files or dot-directories, symbolic links
 * followed), without loading globby, fast-glob and micromatch (about 0.05 CPU-s). Any other
 * call goes to the real globby.
 */
function typeScriptGlob(loadReal) {
  const fs = require('fs');
  const walk = async (root, directory, found, seen) => {
    const real = await fs.promises.realpath(directory);
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of await fs.promises.readdir(directory, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(directory, entry.name);
      let kind = entry;
      if (entry.isSymbolicLink()) {
        try {
          kind = await fs.promises.stat(full);
        } catch {
          continue; // a broken link: globby skips it too
        }
      }
      if (kind.isDirectory()) await walk(root, full, found, seen);
      else if (kind.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        found.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  const glob = (patterns, options) => {
    const only = ['**/*.ts', '!**/*.d.ts'];
    const optionNames = Object.keys(options ?? {});
    if (
      !Array.isArray(patterns) ||
      patterns.join('|') !== only.join('|') ||
      optionNames.some((name) => name !== 'cwd')
    ) {
      return loadReal()(patterns, options);
    }
    const root = options?.cwd ?? process.cwd();
    const found = [];
    return walk(root, root, found, new Set()).then(() => found);
  };
  return new Proxy(glob, {
    get: (target, name) => (name === '__esModule' ? undefined : loadReal()[name]),
  });
}

/**
 * A module whose export is a class or a function (`module.exports = Alpha`, `= rimraf`),
 * loaded when constructed, called, or read from.
 */
function lazyClass(loadReal) {
  let loaded;
  const real = () => (loaded ??= loadReal());
  return new Proxy(function LazyClass() {}, {
    construct: (_, args) => Reflect.construct(real(), args),
    apply: (_, self, args) => Reflect.apply(real(), self, args),
    // `__esModule` is read when the module is imported: a CommonJS export has none.
    get: (_, name) => (name === '__esModule' ? undefined : real()[name]),
  });
}

/**
 * A module whose export is an object, loaded when anything is read from it but the names
 * `light` answers without it.
 */
function lazyObject(loadReal, light = {}) {
  let loaded;
  const real = () => (loaded ??= loadReal());
  return new Proxy(
    {},
    {
      get: (_, name) => (!loaded && Object.hasOwn(light, name) ? light[name]() : real()[name]),
      has: (_, name) => name in real(),
      ownKeys: () => Reflect.ownKeys(real()),
      getOwnPropertyDescriptor: (_, name) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(real(), name);
        // A proxy may not report a property as non-configurable that its target lacks.
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

const { collect } = require('@jupiterone/integration-sdk-cli/dist/src/commands/collect');

collect()
  .parseAsync(process.argv)
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
