import { Composer, Parser, Schema } from 'yaml';
import { SimpleBlockDocuments } from '../simpleBlockDocuments';

/** The schema the scan reads YAML with. */
export const SCHEMA = new Schema({
  schema: 'core',
  resolveKnownTags: true,
  merge: true,
});

/**
 * Everything the composer gives a node: its class, and each of its fields, nodes included, in the
 * order of their names; a field a node inherits from the node it was copied from (as a document
 * built from a shape does) counts as its own.
 */
export function whole(node: unknown): unknown {
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const everyField: Record<string, unknown> = {};
  const classPrototype = node.constructor.prototype;
  for (
    let from: object | null = node;
    from && from !== classPrototype;
    from = Object.getPrototypeOf(from)
  ) {
    for (const [key, value] of Object.entries(from)) {
      if (!(key in everyField)) {
        everyField[key] = value;
      }
    }
  }
  const fields: Record<string, unknown> = {
    class: node.constructor.name,
  };
  for (const key of Object.keys(everyField).sort()) {
    const value = everyField[key];
    fields[key] = Array.isArray(value) ? value.map(whole) : whole(value);
  }
  return fields;
}

/**
 * The composer's only document of `text`, or undefined when it has an error or is not alone; with
 * the comments the document holds itself.
 */
export function composed(text: string) {
  const docs = [
    ...new Composer({ schema: SCHEMA, merge: true }).compose(
      new Parser().parse(text),
      false,
      text.length,
    ),
  ];
  if (docs.length !== 1 || docs[0].errors.length > 0) {
    return undefined;
  }
  const { contents, range, commentBefore, comment } = docs[0];
  return {
    contents: whole(contents),
    range,
    ...(commentBefore ? { commentBefore } : {}),
    ...(comment ? { comment } : {}),
  };
}

/** The document SimpleBlockDocuments builds of `text`, as {@link composed} gives it. */
export function built(text: string, maxDepth = 100) {
  const doc = new SimpleBlockDocuments(text, SCHEMA, maxDepth).build(
    0,
    text.length,
  );
  return (
    doc && {
      contents: whole(doc.contents),
      range: doc.range,
      ...(doc.comment ? { comment: doc.comment } : {}),
    }
  );
}
