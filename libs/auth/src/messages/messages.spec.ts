import { execFileSync } from 'node:child_process';
import { DEFAULT_MESSAGE_TAGS, Message, decodeMessages, encodeMessages, messageLevels } from './index';

const DJANGO_PYTHON = '/usr/bin/python3';

/**
 * Django's own SessionStorage.serialize_messages / deserialize_messages, in Debian's python3-django (3.2), with the
 * one line Django 4.1 changed (ticket #33458: `if obj.extra_tags is not None`, so `""` is written too) put back.
 */
function django(script: string, input: unknown): any {
  const prelude = `
import json, sys
from django.conf import settings
settings.configure()
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import MessageEncoder
from django.contrib.messages.storage.session import SessionStorage
from django.utils.safestring import mark_safe, SafeData
def default(self, obj):
    if isinstance(obj, Message):
        message = [self.message_key, 1 if isinstance(obj.message, SafeData) else 0, obj.level, obj.message]
        if obj.extra_tags is not None:
            message.append(obj.extra_tags)
        return message
    return json.JSONEncoder.default(self, obj)
MessageEncoder.default = default
data = json.loads(sys.stdin.read())
`;
  return JSON.parse(execFileSync(DJANGO_PYTHON, ['-c', prelude + script], { input: JSON.stringify(input) }).toString());
}

const CASES: Array<[number, string, string, boolean]> = [
  [25, 'Saved.', '', false],
  [40, 'Café 😀 "quoted" <b>\n\t\u0001\u007f \\ back', 'urgent big', false],
  [20, '<b>safe</b>', '', true],
  [33, 'a custom level', '', false],
  [10, '\ud800 lone surrogate', 'x', false],
];

describe('messages: levels and tags', () => {
  it('has Django’s levels and default tags', () => {
    expect(messageLevels).toEqual({ DEBUG: 10, INFO: 20, SUCCESS: 25, WARNING: 30, ERROR: 40 });
    expect(DEFAULT_MESSAGE_TAGS).toEqual({ 10: 'debug', 20: 'info', 25: 'success', 30: 'warning', 40: 'error' });
  });

  it('tags are the extra tags then the level tag; a custom level has no tag; toString is the text', () => {
    const message = new Message(40, 'Oops', 'urgent big');
    expect(message.tags).toBe('urgent big error');
    expect(message.levelTag).toBe('error');
    expect(`${message}`).toBe('Oops');
    expect(new Message(33, 'x').tags).toBe('');
    expect(new Message(25, 'x').tags).toBe('success');
    expect(JSON.parse(JSON.stringify(message))).toEqual({ level: 40, message: 'Oops', tags: 'urgent big error', extraTags: 'urgent big', levelTag: 'error' });
  });
});

describe('messages: the session format is Django’s', () => {
  it('our encoding is byte for byte what Django’s MessageEncoder writes', () => {
    const djangoEncoded = django(
      `print(json.dumps(SessionStorage.serialize_messages(None, [Message(l, mark_safe(m) if s else m, extra_tags=t) for l, m, t, s in data])))`,
      CASES,
    );
    expect(encodeMessages(CASES.map(([level, text, tags, safe]) => new Message(level, text, tags, safe)))).toBe(djangoEncoded);
    expect(encodeMessages([new Message(25, 'Saved.')])).toBe('[["__json_message", 0, 25, "Saved.", ""]]');
  });

  it('what Django encodes decodes to the same messages, and what we encode Django decodes', () => {
    const djangoEncoded: string = django(
      `print(json.dumps(SessionStorage.serialize_messages(None, [Message(l, mark_safe(m) if s else m, extra_tags=t) for l, m, t, s in data])))`,
      CASES,
    );
    const decoded = decodeMessages(djangoEncoded);
    expect(decoded.map((m) => [m.level, m.message, m.extraTags, m.isSafe])).toEqual(CASES);
    const djangoDecoded = django(
      `print(json.dumps([[m.level, m.message, m.extra_tags or '', isinstance(m.message, SafeData), m.tags] for m in SessionStorage.deserialize_messages(None, data)]))`,
      encodeMessages(decoded),
    );
    expect(djangoDecoded).toEqual(CASES.map(([level, text, tags, safe]) => [level, text, tags, safe, new Message(level, text, tags).tags]));
  });

  it('reads the form Django before 4.1 wrote (no empty extra tags) and a missing extra tags is ""', () => {
    const old = decodeMessages('[["__json_message", 0, 25, "Saved."], ["__json_message", 0, 40, "Oops", "urgent"]]');
    expect(old.map((m) => [m.level, m.message, m.extraTags, m.tags])).toEqual([
      [25, 'Saved.', '', 'success'],
      [40, 'Oops', 'urgent', 'urgent error'],
    ]);
  });

  it('a value that is not Django’s message list reads as no messages', () => {
    for (const junk of [undefined, null, 42, '', 'not json', '{"a":1}', '[["other", 0, 20, "x"]]', '[["__json_message", 0, "x", "y"]]', '[1, 2]']) {
      expect(decodeMessages(junk)).toEqual([]);
    }
  });
});
