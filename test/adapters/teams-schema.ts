import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * The official Adaptive Cards 1.5 schema (draft-06), vendored from the AdaptiveCards repository
 * (schemas/1.5.0/adaptive-card.json, MIT licence) as test data: Teams renders 1.5.
 */
const SCHEMA_FILE = path.join(import.meta.dirname, '..', 'fixtures', 'adaptive-card-1.5.schema.json');

let compiled: ValidateFunction | undefined;

/** A validator for Adaptive Cards 1.5, compiled once. */
export function adaptiveCardValidator(): ValidateFunction {
  if (compiled) return compiled;
  const require = createRequire(import.meta.url);
  // The schema uses draft-06 plus documentation keywords (version, features) that Ajv must tolerate.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  // The file names itself with draft-04's `id`; draft-06 (which it declares) spells it `$id`.
  const { id, ...schema } = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  compiled = ajv.compile({ $id: id, ...schema });
  return compiled;
}

/** Schema errors of a card, as readable lines; empty when it is valid. */
export function cardErrors(card: unknown): string[] {
  const validate = adaptiveCardValidator();
  return validate(card) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
}
