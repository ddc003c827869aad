// check's verdicts for CI systems: GitHub Actions workflow commands, and one JUnit XML document for every path.

import type { AofProblem } from '../../aof/problem.js';
import type { CheckReport } from '../../ops/check.js';
import { nextCommand } from './check-json.js';

/** Every problem of a report with the file it is in, manifest problems first. */
function problemsOf(report: CheckReport): AofProblem[] {
  return [...report.problems, ...report.files.flatMap((f) => f.problems)];
}

function where(p: AofProblem): string {
  return p.offset === null ? '' : ` (offset ${p.offset})`;
}

// Workflow command values escape %, CR and LF; properties escape : and , too.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=…,line=…,title=…::message` per problem, and a notice for a valid path. */
export function githubAnnotations(report: CheckReport): string {
  const lines: string[] = [];
  for (const p of problemsOf(report)) {
    const level = p.severity === 'error' ? (report.status === 'unsupported' ? 'warning' : 'error') : 'warning';
    const line = p.line === null ? '' : `,line=${p.line}`;
    const next = p.severity === 'error' ? nextCommand(report) : null;
    const message = `${p.message}${where(p)}${next ? `. Next: ${next}` : ''}`;
    lines.push(`::${level} file=${escapeProperty(p.file)}${line},title=${escapeProperty(`aof ${p.code}`)}::${escapeData(message)}`);
  }
  if (lines.length === 0) lines.push(`::notice file=${escapeProperty(report.path)},title=aof check::${escapeData(`${report.path}: ${report.status}`)}`);
  return lines.join('\n') + '\n';
}

const escapeXml = (s: string) =>
  // XML 1.0 cannot hold most control characters even escaped: they are shown as \xNN.
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** One testcase per path: failed when the server would not load it, skipped when a newer server wrote it. */
function testcase(report: CheckReport): string {
  const name = escapeXml(report.path);
  const problems = problemsOf(report);
  const error = problems.find((p) => p.severity === 'error');
  const detail = escapeXml(problems.map((p) => `${p.severity} ${p.code} in ${p.file}${where(p)}: ${p.message}`).join('\n'));
  const head = `    <testcase classname="aof.check" name="${name}">`;
  if (report.status === 'unsupported') return `${head}\n      <skipped message="${escapeXml(error?.message ?? 'unsupported')}"/>\n    </testcase>`;
  if (!report.valid) {
    const next = nextCommand(report);
    return `${head}\n      <failure type="${escapeXml(error?.code ?? report.status)}" message="${escapeXml(`${report.status}${error ? `: ${error.message}${where(error)}` : ''}${next ? `. Next: ${next}` : ''}`)}">${detail}</failure>\n    </testcase>`;
  }
  return problems.length > 0 ? `${head}\n      <system-out>${detail}</system-out>\n    </testcase>` : `${head}</testcase>`;
}

/** The whole JUnit document for the paths checked (written once, at the end). */
export function junitReport(reports: readonly CheckReport[]): string {
  const failures = reports.filter((r) => !r.valid && r.status !== 'unsupported').length;
  const skipped = reports.filter((r) => r.status === 'unsupported').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="aof check" tests="${reports.length}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="aof check" tests="${reports.length}" failures="${failures}" skipped="${skipped}">`,
    ...reports.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
