// What routing saves: the estimated input tokens of one report's requests when each group
// carries only its routed blocks, against the same requests carrying the whole text.
import type { ParsedDocument } from '../types.ts';
import { buildMessages } from './prompt.ts';
import { routeReport, wholeDocumentBlocks } from './routing.ts';
import { groupSpecs, jsonSchemaOf } from './schemas.ts';
import { estimateMessagesTokens, estimateTokens } from './tokens.ts';

export interface GroupTokens {
  group: string;
  /** Routed request (0 when nothing in the report concerns the group: no request is sent). */
  routed: number;
  /** The same request with the whole report text. */
  whole: number;
  blocks: number;
}

export interface RoutingMeasure {
  groups: GroupTokens[];
  /** Requests sent with routing (groups with something to read). */
  requests: number;
  routedTokens: number;
  /** One request per group, each with the whole text: what routing replaces. */
  wholeTokens: number;
  /** A single request with the whole text and every group's schema, for scale. */
  singleWholeRequestTokens: number;
  /** routedTokens / wholeTokens. */
  ratio: number;
}

/**
 * Input tokens of both ways of asking, per group and per report (the schema sent as
 * response_format included). `maxInputTokens`: the routing limit in force (llm.maxInputTokens).
 */
export function measureRouting(doc: ParsedDocument, options: { maxInputTokens?: number } = {}): RoutingMeasure {
  const whole = wholeDocumentBlocks(doc);
  const specs = groupSpecs();
  const routing = routeReport(
    doc,
    specs.map((s) => s.id),
    options,
  );
  const groups = specs.map((spec, i): GroupTokens => {
    const schemaTokens = estimateTokens(JSON.stringify(jsonSchemaOf(spec)));
    const routed = routing[i]!.blocks;
    return {
      group: spec.id,
      routed: routed.length === 0 ? 0 : estimateMessagesTokens(buildMessages(spec, routed, 'json_schema')) + schemaTokens,
      whole: estimateMessagesTokens(buildMessages(spec, whole, 'json_schema')) + schemaTokens,
      blocks: routed.length,
    };
  });
  const routedTokens = groups.reduce((n, g) => n + g.routed, 0);
  const wholeTokens = groups.reduce((n, g) => n + g.whole, 0);
  const single =
    estimateMessagesTokens(buildMessages({ ...specs[0]!, indicators: specs.flatMap((s) => s.indicators) }, whole, 'json_schema')) +
    specs.reduce((n, s) => n + estimateTokens(JSON.stringify(jsonSchemaOf(s))), 0);
  return {
    groups,
    requests: groups.filter((g) => g.routed > 0).length,
    routedTokens,
    wholeTokens,
    singleWholeRequestTokens: single,
    ratio: wholeTokens === 0 ? 0 : routedTokens / wholeTokens,
  };
}
