// Every command id the extension registers, in one place (they match package.json).

export const Commands = {
  connect: 'mcpSessions.connect',
  disconnect: 'mcpSessions.disconnect',
  reconnect: 'mcpSessions.reconnect',
  reconnectAll: 'mcpSessions.reconnectAll',
  signIn: 'mcpSessions.signIn',
  signOut: 'mcpSessions.signOut',
  copySessionId: 'mcpSessions.copySessionId',
  showTraffic: 'mcpSessions.showTraffic',
  openTraceDocument: 'mcpSessions.openTraceDocument',
  exportTrace: 'mcpSessions.exportTrace',
  runSessionCheck: 'mcpSessions.runSessionCheck',
  analyzeFile: 'mcpSessions.analyzeFile',
  openConfiguration: 'mcpSessions.openConfiguration',
  addServer: 'mcpSessions.addServer',
  focusServer: 'mcpSessions.focusServer',
  showLog: 'mcpSessions.showLog',
  resetApprovals: 'mcpSessions.resetApprovals',
  tapServer: 'mcpSessions.tapServer',
  stopTap: 'mcpSessions.stopTap',
  showTapTraffic: 'mcpSessions.showTapTraffic',
} as const;

export const SERVERS_VIEW = 'mcpSessions.servers';
