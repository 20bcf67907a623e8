/**
 * A child process for the msgid durability test: opens the store file given as argv[2], issues
 * argv[3] msgids at one fixed instant and prints them one a line.
 */
import { openDatabase } from '../../../db/connection.js';
import { nextMsgid } from '../../../db/msgid.js';

const [file, count] = process.argv.slice(2);
if (file === undefined || count === undefined) throw new Error('usage: msgid-worker <file> <count>');
const db = openDatabase(file);
const now = new Date('2025-03-01T02:03:04Z');
const out: string[] = [];
for (let i = 0; i < Number(count); i += 1) out.push(nextMsgid(db, 'H33020000001', now));
db.close();
process.stdout.write(`${out.join('\n')}\n`);
