// A child process for the crash test: adds and acknowledges reports in its outbox as fast as it can,
// printing each step synchronously (pipes are synchronous on Linux), until it is killed.
//   node --import tsx outbox-writer-child.ts <dir> <seed>
// Prints: "ready <reportIds pending, comma-separated>", then "adding <id>", "added <id>",
// "acking <id>", "acked <id>".
import { writeSync } from 'node:fs';
import { Outbox } from '../../../../../electron/agent/sync/outbox';
import { guardBody, postureBody } from './reports';
import { seededRandom } from '../../../../helpers/prng';

const [dir, seedText] = process.argv.slice(2);
if (!dir || !seedText) throw new Error('usage: outbox-writer-child <dir> <seed>');
const random = seededRandom(Number(seedText));
const say = (line: string) => writeSync(1, `${line}\n`);

// A small compaction threshold so kills also land in the middle of compactions.
const outbox = Outbox.open(dir, { compactAfter: 25 });
say(`ready ${outbox.list().map((e) => e.body.reportId).join(',')}`);
for (;;) {
  const head = outbox.peek();
  if (head && (outbox.size > 40 || random() < 0.45)) {
    say(`acking ${head.body.reportId}`);
    outbox.ack(head.seq);
    say(`acked ${head.body.reportId}`);
  } else {
    // Large guard reports make a write take long enough for kills to land inside it.
    const body = random() < 0.5 ? postureBody() : guardBody(1 + Math.floor(random() * 400));
    say(`adding ${body.reportId}`);
    outbox.add(body);
    say(`added ${body.reportId}`);
  }
}
