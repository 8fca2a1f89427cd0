/* The ext2 on-disk format: superblock, group descriptors, inodes, directory
 * entries and the constants that describe them (revision 0 and 1, block sizes
 * 1, 2 and 4 KiB).  All fields are little-endian, as on x86.  Only the fields
 * this implementation reads or writes are named; the rest is padding that is
 * carried along unchanged. */
#ifndef FS_EXT2_H
#define FS_EXT2_H

#include <stdint.h>

#define EXT2_MAGIC              0xef53
#define EXT2_SUPER_OFFSET       1024 /* byte offset of the superblock */
#define EXT2_SUPER_SIZE         1024
#define EXT2_ROOT_INO           2
#define EXT2_GOOD_OLD_FIRST_INO 11
#define EXT2_GOOD_OLD_INODE     128 /* inode size of revision 0 */
#define EXT2_NAME_MAX           255
#define EXT2_LINK_MAX           32000
#define EXT2_NDIR_BLOCKS        12 /* i_block[0..11] map file blocks directly */
#define EXT2_IND_BLOCK          12 /* i_block[12]: single indirect */
#define EXT2_DIND_BLOCK         13 /* i_block[13]: double indirect */
#define EXT2_TIND_BLOCK         14 /* i_block[14]: triple indirect */
#define EXT2_N_BLOCKS           15
#define EXT2_FAST_SYMLINK_MAX   59 /* longest target kept inside i_block */

/* s_state */
#define EXT2_VALID_FS 0x0001 /* cleanly unmounted */
#define EXT2_ERROR_FS 0x0002

/* Features this implementation knows.  Compatible ones need no support;
 * an unknown incompatible one stops the mount, an unknown read-only
 * compatible one makes it read-only. */
#define EXT2_FEATURE_COMPAT_EXT_ATTR        0x0008
#define EXT2_FEATURE_COMPAT_RESIZE_INODE    0x0010
#define EXT2_FEATURE_COMPAT_DIR_INDEX       0x0020
#define EXT2_FEATURE_INCOMPAT_FILETYPE      0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE   0x0002
#define EXT2_INCOMPAT_SUPPORTED             EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_RO_COMPAT_SUPPORTED                                                         \
    (EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

/* i_mode: file type and permissions */
#define EXT2_S_IFMT  0xf000
#define EXT2_S_IFREG 0x8000
#define EXT2_S_IFDIR 0x4000
#define EXT2_S_IFLNK 0xa000

/* i_flags */
#define EXT2_INDEX_FL       0x00001000 /* hashed directory index (dir_index) */
#define EXT4_EXTENTS_FL     0x00080000 /* i_block holds extents: not ext2 */
#define EXT4_INLINE_DATA_FL 0x10000000 /* data inside the inode: not ext2 */

/* Directory entry file types (with the filetype feature). */
enum ext2_file_type {
    EXT2_FT_UNKNOWN = 0,
    EXT2_FT_REG_FILE = 1,
    EXT2_FT_DIR = 2,
    EXT2_FT_SYMLINK = 7,
};

/* Extended-attribute block header (the fields needed to free one). */
#define EXT2_XATTR_MAGIC 0xea020000

struct ext2_super {
    uint32_t s_inodes_count;
    uint32_t s_blocks_count;
    uint32_t s_r_blocks_count;
    uint32_t s_free_blocks_count;
    uint32_t s_free_inodes_count;
    uint32_t s_first_data_block;
    uint32_t s_log_block_size; /* block size = 1024 << this */
    uint32_t s_log_frag_size;
    uint32_t s_blocks_per_group;
    uint32_t s_frags_per_group;
    uint32_t s_inodes_per_group;
    uint32_t s_mtime; /* last mount */
    uint32_t s_wtime; /* last write */
    uint16_t s_mnt_count;
    uint16_t s_max_mnt_count;
    uint16_t s_magic;
    uint16_t s_state;
    uint16_t s_errors;
    uint16_t s_minor_rev_level;
    uint32_t s_lastcheck;
    uint32_t s_checkinterval;
    uint32_t s_creator_os;
    uint32_t s_rev_level;
    uint16_t s_def_resuid;
    uint16_t s_def_resgid;
    /* Revision 1 only: */
    uint32_t s_first_ino;
    uint16_t s_inode_size;
    uint16_t s_block_group_nr;
    uint32_t s_feature_compat;
    uint32_t s_feature_incompat;
    uint32_t s_feature_ro_compat;
    uint8_t s_uuid[16];
    char s_volume_name[16];
    char s_last_mounted[64];
    uint32_t s_algorithm_usage_bitmap;
    uint8_t s_prealloc_blocks;
    uint8_t s_prealloc_dir_blocks;
    uint16_t s_reserved_gdt_blocks; /* kept free after the GDT for resize_inode */
    uint8_t s_rest[816];
};

struct ext2_group_desc {
    uint32_t bg_block_bitmap;
    uint32_t bg_inode_bitmap;
    uint32_t bg_inode_table;
    uint16_t bg_free_blocks_count;
    uint16_t bg_free_inodes_count;
    uint16_t bg_used_dirs_count;
    uint16_t bg_pad;
    uint8_t bg_reserved[12];
};

/* The first 128 bytes of an inode (revision 1 inodes may be larger: the rest
 * is left untouched except when an inode is created). */
struct ext2_inode {
    uint16_t i_mode;
    uint16_t i_uid;
    uint32_t i_size; /* low 32 bits of the size */
    uint32_t i_atime;
    uint32_t i_ctime;
    uint32_t i_mtime;
    uint32_t i_dtime; /* deletion time; 0 while in use */
    uint16_t i_gid;
    uint16_t i_links_count;
    uint32_t i_blocks; /* 512-byte units, indirect and xattr blocks included */
    uint32_t i_flags;
    uint32_t i_osd1;
    uint32_t i_block[EXT2_N_BLOCKS];
    uint32_t i_generation;
    uint32_t i_file_acl;  /* extended-attribute block, or 0 */
    uint32_t i_size_high; /* high 32 bits of a regular file's size (large_file) */
    uint32_t i_faddr;
    uint8_t i_osd2[12];
};

/* Extra fields of an inode larger than 128 bytes. */
struct ext2_inode_extra {
    uint16_t i_extra_isize; /* bytes used beyond 128 */
    uint16_t i_checksum_hi;
    uint32_t i_ctime_extra;
    uint32_t i_mtime_extra;
    uint32_t i_atime_extra;
    uint32_t i_crtime;
    uint32_t i_crtime_extra;
    uint32_t i_version_hi;
    uint32_t i_projid;
};

#define EXT2_EXTRA_ISIZE 32 /* what mke2fs asks for on 256-byte inodes */

/* A directory entry: 8 bytes of header, then the name (not NUL-terminated),
 * padded so rec_len is a multiple of 4.  Without the filetype feature,
 * name_len is 16 bits wide (file_type is its high byte). */
struct ext2_dirent {
    uint32_t inode; /* 0: unused entry */
    uint16_t rec_len;
    uint8_t name_len;
    uint8_t file_type;
    char name[];
};

#define EXT2_DIRENT_HEADER 8
/* Bytes a directory entry with a name of LEN bytes needs. */
#define EXT2_DIRENT_SIZE(len) (((len) + EXT2_DIRENT_HEADER + 3) & ~3u)

_Static_assert(sizeof(struct ext2_super) == EXT2_SUPER_SIZE, "superblock size");
_Static_assert(sizeof(struct ext2_group_desc) == 32, "group descriptor size");
_Static_assert(sizeof(struct ext2_inode) == EXT2_GOOD_OLD_INODE, "inode size");
_Static_assert(sizeof(struct ext2_inode_extra) == EXT2_EXTRA_ISIZE, "inode extra");

#endif
