/** Text styles for the terminal; all identity functions when colour is off. */
export interface TerminalStyle {
  color: boolean;
  bold(text: string): string;
  dim(text: string): string;
  italic(text: string): string;
  strike(text: string): string;
  underline(text: string): string;
  code(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;

/** ANSI styles when `color` is true (SGR codes with their own resets, so they nest), plain text otherwise. */
export function createTerminalStyle(color: boolean): TerminalStyle {
  if (!color) {
    return {
      color,
      bold: plain,
      dim: plain,
      italic: plain,
      strike: plain,
      underline: plain,
      code: plain,
      green: plain,
      red: plain,
      yellow: plain,
      cyan: plain,
    };
  }
  return {
    color,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    italic: sgr(3, 23),
    strike: sgr(9, 29),
    underline: sgr(4, 24),
    code: sgr(36, 39),
    green: sgr(32, 39),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}
