/**
 * The small plain-text markup the exercise templates render to, parsed into blocks that draw-text-blocks.ts lays out.
 * Templates (templates/exercise/*.hbs) own the words; this owns no words and no coordinates.
 *   # title   ## heading   ### subheading   - bullet   > English line (under the Dutch one)   | a | b | table row
 *   [[card Title]] … [[/card]] a boxed card   === page break   blank line = paragraph gap   **bold** inline
 */
export type TextBlock =
  | { readonly kind: 'title' | 'heading' | 'subheading' | 'para'; readonly text: string }
  | { readonly kind: 'en'; readonly text: string; readonly indent: boolean }
  | { readonly kind: 'bullet'; readonly text: string }
  | { readonly kind: 'table'; readonly rows: readonly (readonly string[])[] }
  | { readonly kind: 'card'; readonly title: string; readonly blocks: readonly TextBlock[] }
  | { readonly kind: 'gap' }
  | { readonly kind: 'page-break' };

export function parseTextBlocks(text: string): TextBlock[] {
  const root: TextBlock[] = [];
  let card: { title: string; blocks: TextBlock[] } | undefined;
  let table: string[][] | undefined;
  const target = (): TextBlock[] => card?.blocks ?? root;
  const flushTable = (): void => {
    if (table) target().push({ kind: 'table', rows: table });
    table = undefined;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const trimmed = line.trim();
    if (trimmed.startsWith('|')) {
      table ??= [];
      table.push(trimmed.replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim()));
      continue;
    }
    flushTable();
    const blocks = target();
    const previous = blocks[blocks.length - 1];
    if (trimmed === '') {
      if (previous && previous.kind !== 'gap') blocks.push({ kind: 'gap' });
    } else if (trimmed.startsWith('[[card')) {
      card = { title: trimmed.replace(/^\[\[card\s*/, '').replace(/\]\]$/, '').trim(), blocks: [] };
    } else if (trimmed === '[[/card]]') {
      if (card) {
        while (card.blocks[card.blocks.length - 1]?.kind === 'gap') card.blocks.pop();
        root.push({ kind: 'card', title: card.title, blocks: card.blocks });
      }
      card = undefined;
    } else if (trimmed === '===') {
      blocks.push({ kind: 'page-break' });
    } else if (trimmed.startsWith('### ')) {
      blocks.push({ kind: 'subheading', text: trimmed.slice(4) });
    } else if (trimmed.startsWith('## ')) {
      blocks.push({ kind: 'heading', text: trimmed.slice(3) });
    } else if (trimmed.startsWith('# ')) {
      blocks.push({ kind: 'title', text: trimmed.slice(2) });
    } else if (trimmed.startsWith('- ')) {
      blocks.push({ kind: 'bullet', text: trimmed.slice(2) });
    } else if (trimmed.startsWith('> ') || trimmed === '>') {
      blocks.push({ kind: 'en', text: trimmed.slice(2), indent: previous?.kind === 'bullet' || (previous?.kind === 'en' && previous.indent) });
    } else {
      blocks.push({ kind: 'para', text: trimmed });
    }
  }
  flushTable();
  while (root[root.length - 1]?.kind === 'gap') root.pop();
  return root;
}
