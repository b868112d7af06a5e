export * from './thread';
export * from './condense';
export * from './stayOrSwitch';
export * from './turn';
export * from './engine';
export * from './protocol';
export * from './export';
