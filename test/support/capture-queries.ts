import type {
  CompiledQuery,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { AppContext } from '../../src/platform/context.js';

class Capture implements KyselyPlugin {
  readonly nodes: { node: RootOperationNode; queryId: PluginTransformQueryArgs['queryId'] }[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.nodes.push({ node: args.node, queryId: args.queryId });
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/**
 * Runs `work` with the queries it sends captured (a Kysely plugin sees each query tree, Kysely
 * compiles it as it was sent) and returns its result with the compiled queries, in order.
 */
export async function withQueries<T>(
  ctx: AppContext,
  work: (ctx: AppContext) => Promise<T>,
): Promise<{ result: T; queries: CompiledQuery[] }> {
  const capture = new Capture();
  const db = ctx.database.db.withPlugin(capture);
  const result = await work({ ...ctx, database: { ...ctx.database, db } });
  const queries = capture.nodes.map(({ node, queryId }) =>
    db.getExecutor().compileQuery(node, queryId),
  );
  return { result, queries };
}
