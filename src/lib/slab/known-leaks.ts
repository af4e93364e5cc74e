/**
 * Caches that are known to grow without bound under specific conditions, with the reason a reader
 * should check first. Keyed by exact cache name (memcg per-cgroup copies like `dentry(1234:foo)` are
 * matched by their root name).
 */
export const KNOWN_LEAK_CACHES: Readonly<Record<string, string>> = {
  kernfs_node_cache:
    'One kernfs_node per sysfs/cgroupfs file or directory. It grows with every cgroup created and, on kernels with per-memcg kmem caches (before 5.9), with every memcg copy of every slab cache registered in sysfs; cgroups that are removed but still pinned (dying memcgs) keep them. Check the number of cgroups and of dying memcgs (`/sys/fs/cgroup/memory/memory.stat` or cgroup.stat nr_dying_descendants).',
  dentry:
    'Directory entries, including negative dentries (names looked up that do not exist) that the kernel caches without limit until memory pressure. A program that stats or opens many non-existent files (temporary names, $PATH searches) inflates it; it is reclaimable unless dentries are pinned.',
  names_cache:
    'Path-name buffers (PATH_MAX, 4 KiB each) taken by getname() for every path syscall and freed when it returns. A large names_cache means leaked getname()/putname() pairs (audit holding names is a classic) rather than load.',
  inode_cache:
    'In-core inodes of pseudo file systems (proc, sysfs, sockets); grows with open files and sysfs entries and is reclaimed with the dentries that pin them.',
  ext4_inode_cache:
    'In-core ext4 inodes, pinned by dentries and open files; reclaimable under pressure unless something holds references.',
  radix_tree_node: 'Page-cache and swap-cache index nodes; follows the page cache and shrinks with it.',
  buffer_head: 'Block buffers of file-system metadata; grows with metadata-heavy work and is reclaimable.',
  task_struct: 'One per thread; growth means threads are created and not reaped (zombies whose parent never waits).',
  signal_cache: 'One per process; grows with processes, like task_struct.',
  vm_area_struct: 'One per mapping; a process that maps without unmapping (or a huge number of small mmaps) grows it.',
  anon_vma_chain: 'Links anonymous mappings to their anon_vma; grows with forks of processes with many mappings.',
  filp: 'One per open file; growth means file descriptors are leaked (check `ls /proc/*/fd | wc -l`).',
  sock_inode_cache: 'Sockets; growth means sockets are leaked or stuck in TIME_WAIT/CLOSE_WAIT.',
  skbuff_head_cache: 'Network buffers; growth means packets are queued and not consumed, or a driver leaks skbs.',
  'kmalloc-4096':
    'Generic 4 KiB kmalloc objects: only a TRACE of the cache (slub_debug=T) or kmemleak says who allocates them.',
  'kmalloc-128': 'Generic 128-byte kmalloc objects: trace the cache to find the caller.',
};

export function knownLeak(name: string): string | undefined {
  const root = name.replace(/\(\d+:[^)]*\)$/, '');
  return KNOWN_LEAK_CACHES[root];
}
