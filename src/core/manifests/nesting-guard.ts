/**
 * Keeps hostile nesting away from yaml's recursive code. yaml's parser and composer recurse once
 * per nesting level; near the stack limit V8 may abort the whole process (a fatal "RegExpCompiler
 * Allocation failed", seen with 100,000 nested `- `), which no try/catch can stop. So two checks
 * run first, both iterative:
 * - before parsing, a lexer pass bounds the depth from above (cheap, a little pessimistic);
 * - before composing, the concrete syntax tree gives the exact depth and its position.
 */
import { CST, Lexer } from 'yaml';

/** Markers the lexer emits that are not part of the source text. */
const MARKERS = new Set([CST.DOCUMENT, CST.SCALAR, CST.FLOW_END]);

/**
 * Offset where the nesting may exceed limit, judged from the lexer's tokens alone. Block nesting
 * is bounded by the column where the innermost block node starts (a block collection's ancestors
 * start at smaller or equal columns, and at most two in a row share one: a map and the sequence
 * that is its value), flow nesting by counting brackets.
 */
export function findUnsafeNesting(text: string, limit: number): number | undefined {
  if (boundFromCharacters(text) <= limit) return undefined;
  let offset = 0;
  let lineStart = 0;
  let atLineStart = true;
  let column = 0; // where the innermost block node on this line starts
  let flow = 0;
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    const start = offset;
    offset += token.length;
    const newline = token.lastIndexOf('\n');
    if (newline >= 0) {
      // newlines, multi-line scalars and block scalar bodies: what follows starts a fresh line or continues a scalar
      lineStart = start + newline + 1;
      atLineStart = offset === lineStart;
      // Inside a flow collection indentation means nothing: keep the block column it started at.
      if (atLineStart && flow === 0) column = 0;
      continue;
    }
    const type = CST.tokenType(token);
    if (type === 'space') {
      if (atLineStart && flow === 0) column = offset - lineStart;
      continue;
    }
    atLineStart = false;
    if (type === 'flow-map-start' || type === 'flow-seq-start') flow += 1;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') flow = Math.max(0, flow - 1);
    else if ((type === 'seq-item-ind' || type === 'explicit-key-ind') && flow === 0) column = start - lineStart + 2;
    if (2 * (column + 1) + flow > limit) return start;
  }
  return undefined;
}

/**
 * A cruder bound from characters alone, for the common case: no block node starts past the longest
 * line, and there are no more flow levels than opening brackets. Most manifests pass it, and skip
 * the lexer pass.
 */
function boundFromCharacters(text: string): number {
  let longest = 0;
  let lineStart = 0;
  let brackets = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      longest = Math.max(longest, i - lineStart);
      lineStart = i + 1;
    } else if (c === 91 || c === 123) {
      brackets += 1; // '[' or '{'
    }
  }
  longest = Math.max(longest, text.length - lineStart);
  return 2 * (longest + 1) + brackets;
}

/** Offset of the first collection nested deeper than maxDepth in one parsed document. */
export function findTooDeep(document: CST.Document, maxDepth: number): number | undefined {
  const stack: [CST.Token | null | undefined, number][] = [[document.value, 0]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop() ?? [undefined, 0];
    if (!token) continue;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > maxDepth) return token.offset;
    for (const item of token.items) {
      stack.push([item.value, depth + 1]);
      if ('key' in item) stack.push([item.key, depth + 1]);
    }
  }
  return undefined;
}
