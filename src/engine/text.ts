/**
 * Lengths as the live API counts them: in characters (Unicode code points), not in the UTF-16
 * units of a JavaScript string, so an emoji counts once against a 256-character limit, not twice.
 */
export function characterCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character written as two units.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** Whether `text` has more than `max` characters; counts only when its UTF-16 length says it may. */
export function longerThan(text: string, max: number): boolean {
  return text.length > max && characterCount(text) > max;
}
