/**
 * A small progress bar on stderr (stdout stays for the summary, so it can be piped). On a
 * terminal it redraws one line; elsewhere (CI logs) it prints a line per tenth, so logs stay short.
 */
export interface ProgressBar {
  update(done: number, label?: string): void;
  finish(label?: string): void;
}

export function progressBar(title: string, total: number, stream: NodeJS.WriteStream = process.stderr, width = 28): ProgressBar {
  const tty = Boolean(stream.isTTY);
  let lastTenth = -1; // elsewhere: the last tenth printed; the full bar is left to finish()
  const render = (done: number, label = '') => {
    const ratio = total === 0 ? 1 : Math.min(done / total, 1);
    const filled = Math.round(ratio * width);
    return `${title} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${String(Math.round(ratio * 100)).padStart(3)}%${label ? ` ${label}` : ''}`;
  };
  return {
    update(done, label) {
      if (tty) {
        stream.write(`\r\x1b[2K${render(done, label).slice(0, (stream.columns || 120) - 1)}`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth !== lastTenth && done < total) {
        lastTenth = tenth;
        stream.write(`${render(done, label)}\n`);
      }
    },
    finish(label) {
      stream.write(`${tty ? '\r\x1b[2K' : ''}${render(total, label)}\n`);
    },
  };
}
