import fs from 'node:fs';

/** How much of a report is gathered before it is written. */
const PIECE_LENGTH = 65_536;

/**
 * Writes a report given in chunks to `file`, or to `stream` without one, in pieces of about
 * 64 KB: a report of tens of thousands of references is never held as one string.
 */
export function writeChunks(
  chunks: Iterable<string>,
  target: { file?: string; stream: NodeJS.WritableStream },
): void {
  const fd =
    target.file === undefined ? undefined : fs.openSync(target.file, 'w');
  const write = (text: string) => {
    if (fd === undefined) {
      target.stream.write(text);
      return;
    }
    const bytes = Buffer.from(text);
    for (let done = 0; done < bytes.length; ) {
      done += fs.writeSync(fd, bytes, done);
    }
  };
  try {
    let piece: string[] = [];
    let length = 0;
    for (const chunk of chunks) {
      piece.push(chunk);
      length += chunk.length;
      if (length >= PIECE_LENGTH) {
        write(piece.join(''));
        piece = [];
        length = 0;
      }
    }
    if (piece.length > 0) {
      write(piece.join(''));
    }
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
