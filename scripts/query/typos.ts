/**
 * The typo check: a `_type`, class or property that neither the graph nor the integration's
 * metadata knows (./data-model.ts) is likely a mistake, so the query says so with the nearest
 * known name, instead of answering "0 results" in silence. `--strict` makes these errors.
 */
import type { Condition, EntityStep, Expression, Hop, PropertyRef, Query, ReturnItem } from './ast';
import { classSchemaProperties, DocumentedDataModel } from './data-model';
import { didYouMean } from './errors';
import { compareText, Graph } from './graph';

const RELATIONSHIP_BASE = [
  '_key',
  '_type',
  '_class',
  '_fromEntityKey',
  '_toEntityKey',
  'displayName',
];

/** Properties carried by the graph's entities of a `_type` / relationships of a class. */
const observedCache = new WeakMap<Graph, Map<string, Set<string>>>();

function cached(graph: Graph, key: string, compute: () => Set<string>): Set<string> {
  let byKey = observedCache.get(graph);
  if (!byKey) {
    byKey = new Map();
    observedCache.set(graph, byKey);
  }
  let set = byKey.get(key);
  if (!set) {
    set = compute();
    byKey.set(key, set);
  }
  return set;
}

function entityProperties(graph: Graph, type: string): Set<string> {
  return cached(graph, `entity ${type}`, () => {
    const set = new Set<string>();
    for (const entity of graph.entitiesOfType(type)) {
      for (const name of Object.keys(entity)) if (entity[name] !== undefined) set.add(name);
    }
    return set;
  });
}

/** Relationships of one class (upper case), or of any class. */
function relationshipProperties(graph: Graph, verb: string | undefined): Set<string> {
  return cached(graph, `relationship ${verb ?? '*'}`, () => {
    const set = new Set<string>();
    for (const relationship of graph.relationships()) {
      if (verb !== undefined && String(relationship._class).toUpperCase() !== verb) continue;
      for (const name of Object.keys(relationship)) set.add(name);
    }
    return set;
  });
}

interface Place {
  step?: EntityStep;
  hop?: Hop;
  refs: Set<string>;
}

function conditionRefs(condition: Condition): PropertyRef[] {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.conditions.flatMap(conditionRefs);
    case 'not':
      return conditionRefs(condition.condition);
    case 'compare':
      return condition.right.kind === 'property'
        ? [condition.left, condition.right]
        : [condition.left];
  }
}

function expressionRefs(expression: Expression): Array<{ alias: string; property: string }> {
  switch (expression.kind) {
    case 'property':
      return [{ alias: expression.ref.alias as string, property: expression.ref.property }];
    case 'aggregate':
      return expression.property
        ? [{ alias: expression.alias, property: expression.property }]
        : [];
    case 'binary':
      return [...expressionRefs(expression.left), ...expressionRefs(expression.right)];
    case 'negate':
      return expressionRefs(expression.operand);
    case 'call':
      return expression.args.flatMap(expressionRefs);
    default:
      return [];
  }
}

function returnRefs(item: ReturnItem): Array<{ alias: string; property: string }> {
  if (item.kind === 'property')
    return [{ alias: item.ref.alias as string, property: item.ref.property }];
  if (item.kind === 'count' && item.property)
    return [{ alias: item.alias, property: item.property }];
  if (item.kind === 'expression') return expressionRefs(item.expression);
  return [];
}

export function typoWarnings(graph: Graph, query: Query, model: DocumentedDataModel): string[] {
  const warnings: string[] = [];
  const places: Place[] = [];
  const byAlias = new Map<string, Place>();
  const addStep = (step: EntityStep) => {
    const place: Place = { step, refs: new Set() };
    if (step.filter) for (const ref of conditionRefs(step.filter)) place.refs.add(ref.property);
    if (step.alias) byAlias.set(step.alias, place);
    places.push(place);
  };
  const addHop = (hop: Hop) => {
    const place: Place = { hop, refs: new Set() };
    if (hop.edgeAlias) byAlias.set(hop.edgeAlias, place);
    places.push(place);
    addStep(hop.target);
  };
  addStep(query.start);
  for (const element of query.hops) {
    if (element.kind === 'hop') addHop(element);
    else element.hops.forEach(addHop);
  }
  const addRef = (alias: string | undefined, name: string) => {
    // An optional traversal's alias is a union of positions: nothing to check it against.
    byAlias.get(alias ?? query.start.alias ?? '')?.refs.add(name);
    if (alias === undefined && query.start.alias === undefined) places[0].refs.add(name);
  };
  if (query.where) for (const ref of conditionRefs(query.where)) addRef(ref.alias, ref.property);
  for (const item of query.returns ?? []) {
    for (const ref of returnRefs(item)) addRef(ref.alias, ref.property);
  }
  for (const item of query.orderBy) if (item.ref) addRef(item.ref.alias, item.ref.property);

  const knownTypes = new Set([...graph.entityTypes(), ...model.classesOfType.keys()]);
  // Only asked for when a class is unknown: the near names to suggest.
  const knownClasses = (): Set<string> => {
    const names = new Set<string>();
    for (const classes of model.classesOfType.values()) classes.forEach((c) => names.add(c));
    for (const type of graph.entityTypes()) {
      for (const entity of graph.entitiesOfType(type).slice(0, 1)) {
        for (const c of Array.isArray(entity._class) ? entity._class : [entity._class]) {
          names.add(c);
        }
      }
    }
    return names;
  };

  for (const place of places) {
    if (place.step) {
      const types = typesOf(graph, place.step, model, knownTypes, knownClasses, warnings);
      smartClassWarnings(graph, place.step, warnings);
      if (!types || types.length === 0) continue;
      const known = new Set(model.baseProperties);
      for (const type of types) {
        for (const name of model.entityProperties.get(type) ?? []) known.add(name);
        for (const entityClass of model.classesOfType.get(type) ?? []) {
          for (const name of classSchemaProperties(model, entityClass)) known.add(name);
        }
        for (const name of entityProperties(graph, type)) known.add(name);
      }
      for (const name of place.refs) {
        if (known.has(name)) continue;
        warnings.push(
          `"${name}" is not a property of ${types.join('/')} (not in the integration's metadata ` +
            `or class schemas, and no entity in the graph carries it)${didYouMean(name, known)}`,
        );
      }
    } else if (place.hop) {
      if (place.refs.size === 0) continue;
      const known = new Set(RELATIONSHIP_BASE);
      for (const verb of place.hop.verbs ?? [...model.relationshipProperties.keys()]) {
        for (const name of model.relationshipProperties.get(verb) ?? []) known.add(name);
      }
      for (const verb of place.hop.verbs ?? [undefined]) {
        for (const name of relationshipProperties(graph, verb)) known.add(name);
      }
      for (const name of place.refs) {
        if (known.has(name)) continue;
        warnings.push(
          `"${name}" is not a property of ${(place.hop.verbs ?? ['any']).join('/')} relationships ` +
            `(not in the integration's metadata, and no relationship in the graph carries it)${didYouMean(name, known)}`,
        );
      }
    }
  }
  return warnings;
}

/** The `_type`s a selector may match (undefined for `*`); warns on unknown names. */
function typesOf(
  graph: Graph,
  step: EntityStep,
  model: DocumentedDataModel,
  knownTypes: Set<string>,
  knownClasses: () => Set<string>,
  warnings: string[],
): string[] | undefined {
  if (step.selector.kind === 'any') return undefined;
  const types = new Set<string>();
  for (const item of step.selector.items) {
    if (item.isClass) {
      const found = new Set<string>();
      for (const entity of graph.entitiesOfClass(item.name)) found.add(entity._type);
      for (const [type, classes] of model.classesOfType) {
        if (classes.includes(item.name)) found.add(type);
      }
      if (found.size === 0) {
        warnings.push(
          `no entity of class ${item.name} in the graph, and the integration writes none` +
            didYouMean(item.name, knownClasses()),
        );
      }
      for (const type of found) types.add(type);
    } else {
      if (!knownTypes.has(item.name)) {
        warnings.push(
          `no entity of _type ${item.name} in the graph, and the integration writes none` +
            didYouMean(item.name, knownTypes),
        );
      }
      types.add(item.name);
    }
  }
  return [...types].sort(compareText);
}

function smartClassWarnings(graph: Graph, step: EntityStep, warnings: string[]): void {
  for (const name of step.smartClasses ?? []) {
    let tagged = false;
    for (const entity of graph.entities()) {
      if (entity.tags !== undefined || Object.keys(entity).some((key) => key.startsWith('tag.'))) {
        tagged = true;
        break;
      }
    }
    if (tagged) continue;
    warnings.push(
      name === 'CriticalAsset'
        ? "#CriticalAsset is JupiterOne's default critical-asset definition (Application, " +
            'CodeRepo, DataStore, Function, Host or Logs with tag.Production = true and ' +
            "classification = 'critical', or tagged CriticalAsset); no entity in this graph carries " +
            'tags, so it matches nothing here'
        : `#${name} is a tag-derived smart class (entities tagged ${name}); no entity in this ` +
            'graph carries tags, so it matches nothing here',
    );
  }
}
