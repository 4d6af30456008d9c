// A failed socket call's errno in Chinese: the programs print strerror()'s English text beside its
// symbolic name, and the name is what is translated. An errno not listed keeps the English, quoted.
const ZH: Record<string, string> = {
  ECONNREFUSED: '连接被拒绝',
  ECONNRESET: '连接被对方复位',
  ECONNABORTED: '连接已中止',
  EPIPE: '对方已关闭连接，不能再写（管道破裂）',
  ENOTCONN: '套接字尚未连接',
  EISCONN: '套接字已经连接',
  ETIMEDOUT: '连接超时',
  EAGAIN: '暂时没有数据或连接可取',
  EINPROGRESS: '连接正在建立中',
  EALREADY: '上一次连接仍在进行中',
  EHOSTUNREACH: '主机不可达',
  ENETUNREACH: '网络不可达',
  EADDRINUSE: '地址已被占用',
  EADDRNOTAVAIL: '地址不可用',
  EBADF: '文件描述符无效',
  EINVAL: '参数无效',
  EMFILE: '打开的文件描述符太多',
};

/** glibc's strerror() text of each, for events written before they carried the errno's name. */
const ERRNO_OF_TEXT: Record<string, string> = {
  'Connection refused': 'ECONNREFUSED',
  'Connection reset by peer': 'ECONNRESET',
  'Software caused connection abort': 'ECONNABORTED',
  'Broken pipe': 'EPIPE',
  'Transport endpoint is not connected': 'ENOTCONN',
  'Transport endpoint is already connected': 'EISCONN',
  'Connection timed out': 'ETIMEDOUT',
  'Resource temporarily unavailable': 'EAGAIN',
  'Operation now in progress': 'EINPROGRESS',
  'Operation already in progress': 'EALREADY',
  'No route to host': 'EHOSTUNREACH',
  'Network is unreachable': 'ENETUNREACH',
  'Address already in use': 'EADDRINUSE',
  'Cannot assign requested address': 'EADDRNOTAVAIL',
  'Bad file descriptor': 'EBADF',
  'Invalid argument': 'EINVAL',
  'Too many open files': 'EMFILE',
};

export function socketErrorZh(errno: string | undefined, text: string): string {
  return ZH[errno ?? ERRNO_OF_TEXT[text] ?? ''] ?? `“${text}”`;
}
