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

/** Properties carried by the graph's objects, per entity `_type` / relationship class. */
const observedCache = new WeakMap<
  Graph,
  { entities: Map<string, Set<string>>; relationships: Map<string, Set<string>> }
>();

function observed(graph: Graph) {
  let cached = observedCache.get(graph);
  if (!cached) {
    const entities = new Map<string, Set<string>>();
    for (const entity of graph.entities()) {
      const set = entities.get(entity._type) ?? new Set<string>();
      for (const name of Object.keys(entity)) if (entity[name] !== undefined) set.add(name);
      entities.set(entity._type, set);
    }
    const relationships = new Map<string, Set<string>>();
    for (const relationship of graph.relationships()) {
      const verb = String(relationship._class).toUpperCase();
      const set = relationships.get(verb) ?? new Set<string>();
      for (const name of Object.keys(relationship)) set.add(name);
      relationships.set(verb, set);
    }
    cached = { entities, relationships };
    observedCache.set(graph, cached);
  }
  return cached;
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
  const seen = observed(graph);
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
  const knownClasses = new Set<string>();
  for (const classes of model.classesOfType.values()) classes.forEach((c) => knownClasses.add(c));
  for (const entity of graph.entities()) {
    for (const c of Array.isArray(entity._class) ? entity._class : [entity._class])
      knownClasses.add(c);
  }

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
        for (const name of seen.entities.get(type) ?? []) known.add(name);
      }
      for (const name of place.refs) {
        if (known.has(name)) continue;
        warnings.push(
          `"${name}" is not a property of ${types.join('/')} (not in the integration's metadata ` +
            `or class schemas, and no entity in the graph carries it)${didYouMean(name, known)}`,
        );
      }
    } else if (place.hop) {
      const verbs = place.hop.verbs ?? [
        ...new Set([...model.relationshipProperties.keys(), ...seen.relationships.keys()]),
      ];
      const known = new Set(RELATIONSHIP_BASE);
      for (const verb of verbs) {
        for (const name of model.relationshipProperties.get(verb) ?? []) known.add(name);
        for (const name of seen.relationships.get(verb) ?? []) known.add(name);
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
  knownClasses: Set<string>,
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
            didYouMean(item.name, knownClasses),
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
