// FUNCTION LOAD/DELETE/FLUSH/RESTORE replayed against replies recorded from redis-server 7.0.15, and emitFunctions.
import { describe, expect, it } from 'vitest';
import { FunctionRegistry } from '../../src/keyspace/functions/functions.js';
import { createFunctionCommands, emitFunctions } from '../../src/keyspace/functions/functions-commands.js';
import type { DbView } from '../../src/keyspace/core/types.js';

type Recorded = readonly [readonly string[], unknown];

/** FUNCTION DUMP of libraries `mylib` and `qx` (7.0.15), as latin1 text. */
const DUMP_PAYLOAD = Buffer.from(
  '9UBIIyFsdWEgbmFtZT1teWxpYgpyZWRpcy5yZWdpc3Rlcl9mdW5jdGlvbignZjFiJywgZnVuY3Rpb24oKSByZXR1cm4gMiBlbmQp9UBHIyFsdWEgTkFNRT1xIngiIApyZWRpcy5yZWdpc3Rlcl9mdW5jdGlvbignZnEnLCBmdW5jdGlvbigpIHJldHVybiAxIGVuZCkKADE8TrdkkUGg',
  'base64',
).toString('latin1');
const BAD_CHECKSUM = DUMP_PAYLOAD.slice(0, -1) + '\u00a1';
const SHORT = DUMP_PAYLOAD.slice(0, 5);

const LOAD_SESSION: Recorded[] = [
  [['FUNCTION', 'FLUSH'], { simple: 'OK' }],
  [['FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('f1', function() return 1 end)"], 'mylib'],
  [['FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('f1', function() return 1 end)"], { error: "ERR Library 'mylib' already exists" }],
  [['FUNCTION', 'LOAD', 'REPLACE', "#!lua name=mylib\nredis.register_function('f1b', function() return 2 end)"], 'mylib'],
  [['FUNCTION', 'LOAD', 'replace', 'REPLACE', "#!lua name=mylib\nredis.register_function('f1b', function() return 2 end)"], 'mylib'],
  [['FUNCTION', 'LOAD', 'FOO', "#!lua name=mylib\nredis.register_function('f1b', function() return 2 end)"], { error: 'ERR Unknown option given: FOO' }],
  [['FUNCTION', 'LOAD', "#!LUA name=lib2 \n redis.register_function('f2', function() return 2 end)"], 'lib2'],
  [['FUNCTION', 'LOAD', 'no shebang'], { error: 'ERR Missing library metadata' }],
  [['FUNCTION', 'LOAD', '#!lua name=x'], { error: 'ERR Invalid library metadata' }],
  [['FUNCTION', 'LOAD', '#!lua\nreturn 1'], { error: 'ERR Library name was not given' }],
  [['FUNCTION', 'LOAD', '#!lua name=a name=b\nreturn 1'], { error: 'ERR Invalid metadata value, name argument was given multiple times' }],
  [['FUNCTION', 'LOAD', '#!lua foo=bar\nreturn 1'], { error: 'ERR Invalid metadata value given: foo=bar' }],
  [
    ['FUNCTION', 'LOAD', '#!lua name=bad-name\nreturn 1'],
    { error: 'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long' },
  ],
  [
    ['FUNCTION', 'LOAD', '#!lua name=\nreturn 1'],
    { error: 'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long' },
  ],
  [['FUNCTION', 'LOAD', '#!py name=x\nreturn 1'], { error: "ERR Engine 'py' not found" }],
  [['FUNCTION', 'LOAD', '#! lua name=x\nreturn 1'], { error: 'ERR Invalid metadata value given: lua' }],
  [['FUNCTION', 'LOAD', '#!lua "name=x\nreturn 1'], { error: 'ERR Invalid library metadata' }],
  [['FUNCTION', 'LOAD', '#!lua NAME=q"x" \nredis.register_function(\'fq\', function() return 1 end)'], 'qx'],
  [
    ['FUNCTION', 'LOAD', "#!lua name='a b'\nreturn 1"],
    { error: 'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long' },
  ],
  [['FUNCTION', 'LOAD', '#!lua name=x\u0000\nreturn 1'], { error: 'ERR Invalid library metadata' }],
  [['FUNCTION', 'LOAD', '#!lua name="x"y\nreturn 1'], { error: 'ERR Invalid library metadata' }],
  [['FUNCTION', 'LOAD', '#!lua name=x "\\x41"\nreturn 1'], { error: 'ERR Invalid metadata value given: A' }],
  [['FUNCTION', 'DELETE', 'nolib'], { error: 'ERR Library not found' }],
  [['FUNCTION', 'DELETE', 'lib2'], { simple: 'OK' }],
  [['FUNCTION', 'DELETE'], { error: "ERR wrong number of arguments for 'function|delete' command" }],
  [['FUNCTION', 'FLUSH', 'FOO'], { error: 'ERR FUNCTION FLUSH only supports SYNC|ASYNC option' }],
  [['FUNCTION', 'FLUSH', 'SYNC', 'X'], { error: "ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try FUNCTION HELP." }],
  [['FUNCTION', 'FOO'], { error: "ERR unknown subcommand 'FOO'. Try FUNCTION HELP." }],
  [['FUNCTION'], { error: "ERR wrong number of arguments for 'function' command" }],
  [['FUNCTION', 'LOAD'], { error: "ERR wrong number of arguments for 'function|load' command" }],
  [['FUNCTION', 'RESTORE', 'garbage'], { error: 'ERR DUMP payload version or checksum are wrong' }],
  [['FUNCTION', 'RESTORE', 'garbage', 'BAD'], { error: 'ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.' }],
  [['FUNCTION', 'RESTORE', 'garbage', 'FLUSH', 'X'], { error: "ERR unknown subcommand or wrong number of arguments for 'RESTORE'. Try FUNCTION HELP." }],
];

const RESTORE_SESSION: Recorded[] = [
  [['FUNCTION', 'FLUSH'], { simple: 'OK' }],
  [['FUNCTION', 'RESTORE', DUMP_PAYLOAD], { simple: 'OK' }],
  [['FUNCTION', 'RESTORE', DUMP_PAYLOAD], { error: 'ERR Library mylib already exists' }],
  [['FUNCTION', 'RESTORE', DUMP_PAYLOAD, 'append'], { error: 'ERR Library mylib already exists' }],
  [['FUNCTION', 'RESTORE', DUMP_PAYLOAD, 'REPLACE'], { simple: 'OK' }],
  [['FUNCTION', 'LOAD', "#!lua name=zz\nredis.register_function('z', function() return 1 end)"], 'zz'],
  [['FUNCTION', 'RESTORE', DUMP_PAYLOAD, 'FLUSH'], { simple: 'OK' }],
  [['FUNCTION', 'DELETE', 'qx'], { simple: 'OK' }],
  [['FUNCTION', 'RESTORE', DUMP_PAYLOAD], { error: 'ERR Library mylib already exists' }],
  [['FUNCTION', 'RESTORE', BAD_CHECKSUM], { error: 'ERR DUMP payload version or checksum are wrong' }],
  [['FUNCTION', 'RESTORE', SHORT], { error: 'ERR DUMP payload version or checksum are wrong' }],
  [['FUNCTION', 'FLUSH'], { simple: 'OK' }],
];

const NO_DB: DbView = { index: 0, lookup: () => undefined, add: () => undefined, delete: () => false };

function replay(registry: FunctionRegistry, session: readonly Recorded[]): void {
  const handler = createFunctionCommands(registry)['function']!;
  for (const [argv, expected] of session) {
    const reply = handler(
      { db: NO_DB, nowMs: 0 },
      argv.map((a) => Buffer.from(a, 'latin1')),
    );
    const actual = Buffer.isBuffer(reply) ? reply.toString('latin1') : reply;
    expect(actual, JSON.stringify(argv).slice(0, 80)).toEqual(expected);
  }
}

const names = (registry: FunctionRegistry): string[] => registry.libraries().map((l) => l.name.toString());

describe('FUNCTION commands (recorded from Redis 7.0.15)', () => {
  it('LOAD [REPLACE] with every shebang error, DELETE, FLUSH, and container errors', () => {
    const registry = new FunctionRegistry();
    replay(registry, LOAD_SESSION);
    expect(names(registry)).toEqual(['mylib', 'qx']);
    expect(registry.get(Buffer.from('qx'))!.code.toString()).toBe(LOAD_SESSION.find(([, r]) => r === 'qx')![0][2]);
  });

  it('RESTORE with APPEND, REPLACE and FLUSH, and payload errors', () => {
    const registry = new FunctionRegistry();
    replay(registry, RESTORE_SESSION);
    expect(names(registry)).toEqual([]);
  });

  it('RESTORE FLUSH leaves exactly the payload libraries', () => {
    const registry = new FunctionRegistry();
    const handler = createFunctionCommands(registry)['function']!;
    const run = (...argv: string[]) =>
      handler(
        { db: NO_DB, nowMs: 0 },
        argv.map((a) => Buffer.from(a, 'latin1')),
      );
    run('FUNCTION', 'LOAD', "#!lua name=zz\nredis.register_function('z', function() return 1 end)");
    expect(run('FUNCTION', 'RESTORE', DUMP_PAYLOAD, 'FLUSH')).toEqual({ simple: 'OK' });
    expect(names(registry)).toEqual(['mylib', 'qx']);
  });
});

describe('emitFunctions', () => {
  it('emits FUNCTION LOAD with the exact code, libraries in name order', () => {
    const registry = new FunctionRegistry();
    const b = Buffer.from('#!lua name=b\nredis.register_function("fb", function() return 1 end)\n');
    const a = Buffer.from('#!LUA  name=a \r\nredis.register_function("fa", function() return 1 end)');
    registry.load(b, false);
    registry.load(a, false);
    const out: Buffer[][] = [];
    emitFunctions(registry, (args) => out.push(args));
    expect(out).toEqual([
      [Buffer.from('FUNCTION'), Buffer.from('LOAD'), a],
      [Buffer.from('FUNCTION'), Buffer.from('LOAD'), b],
    ]);
  });

  it('keeps its own copy of the code', () => {
    const registry = new FunctionRegistry();
    const code = Buffer.from('#!lua name=x\nreturn 1');
    registry.load(code, false);
    code.write('XXXX');
    expect(registry.get(Buffer.from('x'))!.code.toString()).toBe('#!lua name=x\nreturn 1');
  });
});
