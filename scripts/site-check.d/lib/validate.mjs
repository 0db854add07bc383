// HTML validation of every page with html-validate, configured by ../.htmlvalidaterc.
import fs from 'node:fs';
import path from 'node:path';
import { HtmlValidate, StaticConfigLoader } from 'html-validate';

/** Parse JSON with // and /* *\/ comments (outside strings), so each rule relaxation can say why. */
export function parseJsonc(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return JSON.parse(out);
}

/**
 * Validate every page. Returns { errors: [{page, line, column, rule, message, selector}], warnings: [...] }.
 * `pages` are paths relative to root.
 */
export async function validatePages(root, pages, configFile) {
  const config = parseJsonc(fs.readFileSync(configFile, 'utf8'));
  const hv = new HtmlValidate(new StaticConfigLoader(config));
  const errors = [];
  const warnings = [];
  for (const rel of pages) {
    const source = fs.readFileSync(path.join(root, rel), 'utf8');
    const report = await hv.validateString(source, rel);
    for (const r of report.results) {
      for (const m of r.messages) {
        const item = {
          page: rel,
          line: m.line,
          column: m.column,
          rule: m.ruleId,
          message: m.message,
          selector: m.selector || null,
        };
        (m.severity >= 2 ? errors : warnings).push(item);
      }
    }
  }
  return { errors, warnings };
}
