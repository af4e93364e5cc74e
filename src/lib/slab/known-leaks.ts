/**
 * Caches that are known to grow without bound under specific conditions (leaks or unbounded caches
 * seen in real investigations), with the reason a reader should check first. Ordinary big caches
 * (buffer_head, radix_tree_node, inode caches) are deliberately absent: size alone is not a leak. Keyed by exact cache name (memcg per-cgroup copies like `dentry(1234:foo)` are
 * matched by their root name).
 */
export const KNOWN_LEAK_CACHES: Readonly<Record<string, string>> = {
  kernfs_node_cache:
    'One kernfs_node per sysfs/cgroupfs file or directory. It grows with every cgroup created and, on kernels with per-memcg kmem caches (before 5.9), with every memcg copy of every slab cache registered in sysfs; cgroups that are removed but still pinned (dying memcgs) keep them. Check the number of cgroups and of dying memcgs (`/sys/fs/cgroup/memory/memory.stat` or cgroup.stat nr_dying_descendants).',
  dentry:
    'Directory entries, including negative dentries (names looked up that do not exist) that the kernel caches without limit until memory pressure. A program that stats or opens many non-existent files (temporary names, $PATH searches) inflates it; it is reclaimable unless dentries are pinned.',
  names_cache:
    'Path-name buffers (PATH_MAX, 4 KiB each) taken by getname() for every path syscall and freed when it returns. A large names_cache means leaked getname()/putname() pairs (audit holding names is a classic) rather than load.',
  task_struct: 'One per thread; growth means threads are created and not reaped (zombies whose parent never waits).',
  filp: 'One per open file; growth means file descriptors are leaked (check `ls /proc/*/fd | wc -l`).',
  sock_inode_cache: 'Sockets; growth means sockets are leaked or stuck in TIME_WAIT/CLOSE_WAIT.',
};

export function knownLeak(name: string): string | undefined {
  const root = name.replace(/\(\d+:[^)]*\)$/, '');
  return KNOWN_LEAK_CACHES[root];
}
