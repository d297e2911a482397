import { describe, expect, it } from 'vitest';
import { importProblems, programmeFormatOf } from '../../client/src/lib/programme-import.ts';
import { ApiError } from '../../client/src/transport/api.ts';

describe('the organiser page’s programme import', () => {
  it('tells a schedule.json from a CSV by the file’s name, else by its text', () => {
    expect(programmeFormatOf('id,title', 'schedule.JSON')).toBe('schedule-json');
    expect(programmeFormatOf('{"schedule":{}}', 'programme.csv')).toBe('csv');
    expect(programmeFormatOf('  \n{"schedule":{}}', null)).toBe('schedule-json');
    expect(programmeFormatOf('\uFEFFid;title', null)).toBe('csv');
  });

  it('reads the problems of a refused import, and none from other refusals', () => {
    const problems = [{ path: 'row 3, column "date"', message: '"2023-02-30" is not a date YYYY-MM-DD' }];
    expect(importProblems(new ApiError({ code: 'invalid_input', message: 'One problem', problems } as never, 400))).toEqual(problems);
    expect(importProblems(new ApiError({ code: 'conflict', message: 'stale' }, 409))).toEqual([]);
    expect(importProblems(new Error('offline'))).toEqual([]);
  });
});
