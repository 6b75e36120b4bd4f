// An outage repeats the same warning on every try of every tick; in a terminal that buries the
// prompt. A message (level and text, fields aside) is shown the 1st, 10th, 100th... time with
// its count, so a long outage costs a handful of lines and a new kind of message always shows.

const MESSAGE = /^\S+ (\S+)\s+(.*?)(?= [\w.]+=|$)/;

/** Wraps a log-line writer so that repeats of one message thin out logarithmically. */
export function quietRepeats(write: (line: string) => void): (line: string) => void {
  const seen = new Map<string, number>();
  return (line) => {
    const match = MESSAGE.exec(line);
    if (!match) return write(line);
    const key = `${match[1]} ${match[2]}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count === 1) return write(line);
    if (Number.isInteger(Math.log10(count))) write(`${line} (seen ${count} times; repeats are not shown)`);
  };
}
