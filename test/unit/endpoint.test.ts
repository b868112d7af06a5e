import assert from 'node:assert/strict';
import { isLoopback, isPlainHttp, leavesMachineUnencrypted } from '../../src/core/endpoint';
import { isLoopback as clientIsLoopback } from '../../src/core/provider';

describe('endpoint: one loopback and plain-http rule', () => {
  const local = [
    'http://127.0.0.1:11434/v1',
    'http://localhost:8080',
    'http://[::1]:1/v1',
    'http://127.1.2.3/',
    'http://0.0.0.0:11434/v1',
    'HTTP://LOCALHOST/v1',
  ];
  const remote = [
    'https://api.deepseek.com',
    'http://10.0.0.2/v1',
    'http://localhost.evil.example/v1',
    'http://app.localhost/v1',
    'http://127.0.0.1.nip.io/v1',
    'not a url',
  ];

  it('names this machine only, and the provider client uses the same rule', () => {
    for (const u of local) assert.equal(isLoopback(u), true, u);
    for (const u of remote) assert.equal(isLoopback(u), false, u);
    for (const u of [...local, ...remote]) assert.equal(clientIsLoopback(u), isLoopback(u), u);
  });

  it('plain http leaves the machine unencrypted only to another host', () => {
    assert.equal(isPlainHttp('HTTP://example.com'), true);
    assert.equal(
      leavesMachineUnencrypted('http://0.0.0.0:11434/v1'),
      false,
      '0.0.0.0 is this machine: no warning, and no key needed',
    );
    assert.equal(leavesMachineUnencrypted('http://example.com/v1'), true);
    assert.equal(leavesMachineUnencrypted('https://example.com/v1'), false);
  });
});
