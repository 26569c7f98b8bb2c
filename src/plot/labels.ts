/**
 * Greedy placement of point labels without overlap: each label tries four spots around its point
 * (right-above, right-below, left-above, left-below) and takes the first that overlaps no label placed
 * before and stays inside the plot area; labels with no free spot are left out (the point keeps its
 * tooltip). Text width is estimated at 6.6 px per character of 11 px text. Earlier labels win, so callers
 * pass the most important points first.
 */

export interface LabelRequest {
  text: string;
  /** Point position in pixels. */
  px: number;
  py: number;
}

export interface PlacedLabel {
  text: string;
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

export type Box = [number, number, number, number];

/** `occupied`: boxes [x0, y0, x1, y1] already taken (other text) that labels must avoid. */
export function placeLabels(
  requests: LabelRequest[],
  area: { left: number; right: number; top: number; bottom: number },
  occupied: Box[] = [],
): PlacedLabel[] {
  const boxes: Box[] = [...occupied];
  const out: PlacedLabel[] = [];
  for (const { text, px, py } of requests) {
    const w = 6.6 * text.length;
    const spots: Array<[number, number, 'start' | 'end']> = [
      [px + 6, py - 5, 'start'],
      [px + 6, py + 13, 'start'],
      [px - 6, py - 5, 'end'],
      [px - 6, py + 13, 'end'],
    ];
    for (const [lx, ly, anchor] of spots) {
      const x0 = anchor === 'start' ? lx : lx - w;
      const box: Box = [x0, ly - 10, x0 + w, ly + 2];
      if (box[2] > area.right || box[0] < area.left || box[1] < area.top || box[3] > area.bottom) continue;
      if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
      boxes.push(box);
      out.push({ text, x: lx, y: ly, anchor });
      break;
    }
  }
  return out;
}

/** The box of right-aligned text ending at (x, baseline y), 12 px text. */
export function textBoxEndingAt(x: number, y: number, text: string): Box {
  return [x - 7.2 * text.length, y - 11, x, y + 2];
}

/** SVG text elements for placed labels. */
export function labelsSvg(
  labels: PlacedLabel[],
  esc: (s: string) => string,
  r2: (x: number) => string,
): string {
  return labels
    .map((l) => `<text x="${r2(l.x)}" y="${r2(l.y)}" text-anchor="${l.anchor}">${esc(l.text)}</text>\n`)
    .join('');
}
