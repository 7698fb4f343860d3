/**
 * Control characters other than tab and line feed: C0, DEL and C1 (0x9b is a one-byte CSI, 0x9d an OSC). Imported
 * or typed text can hold them (`ESC[2J`, OSC 8 links, BEL); printed raw, the terminal would act on them.
 */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** User text as it may reach a terminal: each control character shown as `\xNN`, never acted on. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
