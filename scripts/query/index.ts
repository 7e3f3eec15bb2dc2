/** J1QL on the local graph: parse and evaluate the subset the README lists. */
export type * from './ast';
export { parseQuery } from './parser';
export { tokenize } from './tokenizer';
export { evaluateQuery, runQuery } from './evaluate';
export type { EvaluationOptions, GraphObject, QueryResult, ResultRow } from './evaluate';
export { QueryError, UnsupportedError } from './errors';
export { Graph, loadGraph, resolveGraphDirectory, compareText } from './graph';
export type { GraphEntity, GraphRelationship, GraphOptions } from './graph';
export { loadDocumentedDataModel, emptyDataModel, readDataModelMarkdown } from './data-model';
export type { DocumentedDataModel } from './data-model';
