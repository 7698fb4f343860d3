import chalk from 'chalk';

/** Colour only for a person at a terminal who has not asked for none (https://no-color.org). */
export function colourEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

export function alert(text: string): string {
  return colourEnabled() ? chalk.bold.red(text) : text;
}
