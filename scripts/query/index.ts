/** J1QL on the local graph: parse and evaluate what docs/query.md lists. */
export type * from './ast';
export { parseQuery } from './parser';
export { tokenize } from './tokenizer';
export { evaluateQuery, runQuery } from './evaluate';
export type {
  EvaluationOptions,
  GraphObject,
  QueryResult,
  ResultRow,
  TreeResult,
} from './evaluate';
export { QueryError, UnsupportedError, nearest } from './errors';
export { Graph, loadGraph, resolveGraphDirectory, compareText } from './graph';
export type { GraphEntity, GraphRelationship, GraphOptions } from './graph';
export { loadDocumentedDataModel, emptyDataModel } from './data-model';
export type { DocumentedDataModel } from './data-model';
