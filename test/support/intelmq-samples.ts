/** The IntelMQ parser samples in ../shared/reference/samples/intelmq/, with the shipped feed definition that reads each. */
export interface IntelMqSample {
  readonly definition: string;
  readonly input: string;
  readonly expected: string;
}

export const INTELMQ_SAMPLES: readonly IntelMqSample[] = [
  {
    definition: 'blocklistde-imap',
    input: 'blocklistde/imap.txt',
    expected: 'blocklistde/imap.expected.json',
  },
  {
    definition: 'openphish',
    input: 'openphish/feed.txt',
    expected: 'openphish/feed.expected.json',
  },
  {
    definition: 'dshield-block',
    input: 'dshield-block/block.txt',
    expected: 'dshield-block/block.expected.json',
  },
  {
    definition: 'spamhaus-drop',
    input: 'spamhaus-drop/drop.txt',
    expected: 'spamhaus-drop/drop.expected.json',
  },
  {
    definition: 'spamhaus-asndrop',
    input: 'spamhaus-drop/asndrop.txt',
    expected: 'spamhaus-drop/asndrop.expected.json',
  },
  {
    definition: 'abusech-feodotracker',
    input: 'abusech-feodotracker/raw.json',
    expected: 'abusech-feodotracker/raw.expected.json',
  },
  { definition: 'phishtank', input: 'phishtank/raw.json', expected: 'phishtank/raw.expected.json' },
  {
    definition: 'microsoft-ctip',
    input: 'microsoft-ctip/ctip.txt',
    expected: 'microsoft-ctip/ctip.expected.json',
  },
  {
    definition: 'shadowserver-telnet',
    input: 'shadowserver/test_telnet.csv',
    expected: 'shadowserver/test_telnet.expected.json',
  },
  {
    definition: 'shadowserver-smb',
    input: 'shadowserver/test_smb.csv',
    expected: 'shadowserver/test_smb.expected.json',
  },
];
