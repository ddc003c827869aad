// The one SELECT parser against selectCommand's rules (getIntFromObjectOrReply's string2ll, the int range, selectDb).
import { describe, expect, it } from 'vitest';
import { DATABASES, selectCommand, selectTarget } from '../../../src/aof/verdict/index.js';

const target = (arg: string | undefined) => selectTarget(arg === undefined ? undefined : Buffer.from(arg, 'latin1'));

describe('selectTarget', () => {
  it('switches to every database the default `databases 16` has', () => {
    expect(DATABASES).toBe(16);
    for (let db = 0; db < 16; db++) expect(target(String(db))).toBe(db);
  });

  it.each([
    ['16', 'selectDb: at or past `databases`'],
    ['99', 'selectDb'],
    ['-1', 'selectDb: negative'],
    ['9999999999', 'getIntFromObjectOrReply: past INT_MAX'],
    ['99999999999999999999', 'string2ll: past LLONG_MAX'],
    ['01', 'string2ll: a leading zero'],
    ['00', 'string2ll: a leading zero'],
    ['-0', 'string2ll: "-" then 0'],
    ['+1', "string2ll: no '+'"],
    [' 1', 'string2ll: no space'],
    ['1 ', 'string2ll: nothing after the digits'],
    ['1x', 'string2ll: nothing after the digits'],
    ['0x1', 'string2ll: decimal only'],
    ['1.0', 'string2ll: an integer'],
    [':', "string2ll: digits only (':' follows '9')"],
    ['', 'string2ll: empty'],
    ['-', 'string2ll: a sign alone'],
    [undefined, 'no argument'],
  ] as Array<[string | undefined, string]>)('refuses %j (%s): the client stays where it was', (arg) => {
    expect(target(arg)).toBeNull();
  });

  it('switches to a ten-digit database when `databases` is configured that high (at most INT_MAX)', () => {
    expect(selectTarget(Buffer.from('2147483646'), 2147483647)).toBe(2147483646);
    expect(selectTarget(Buffer.from('2147483647'), 2147483647)).toBeNull();
    expect(selectTarget(Buffer.from('1234567890'), 2147483647)).toBe(1234567890);
  });

  it('refuses eleven digits and a character just below "0", whatever `databases` is', () => {
    expect(selectTarget(Buffer.from('12345678901'), Infinity)).toBeNull();
    expect(selectTarget(Buffer.from('1/'), Infinity)).toBeNull();
  });

  it('writes SELECT as the server does', () => {
    expect(selectCommand(7).map((b) => b.toString())).toEqual(['SELECT', '7']);
    expect(selectCommand(15).map((b) => b.toString())).toEqual(['SELECT', '15']);
    expect(selectCommand(16).map((b) => b.toString())).toEqual(['SELECT', '16']);
    expect(selectCommand(1000).map((b) => b.toString())).toEqual(['SELECT', '1000']);
  });

  it('shares one SELECT per default database instead of allocating one per switch', () => {
    expect(selectCommand(3)).toBe(selectCommand(3));
  });
});
