// SPDX-License-Identifier: GPL-2.0
/*
 * gvt_plant.ko: one planted bug per kernel detector, for the detector
 * self-test of the debug kernel (scripts/check-detectors.sh).  Never load
 * it anywhere else.
 *
 * Writing a kind to /sys/kernel/debug/gvt_plant/plant plants exactly one
 * bug of that kind, in the writing task (bug: in a kthread of its own);
 * reading the file lists the kinds in the order they are best planted.
 * Each plant is framed on the console by "gvt_plant: plant KIND" and
 * "gvt_plant: planted KIND" (or "gvt_plant: KIND: ..." and an errno if it
 * could not be planted), so that the host can tell which report came from
 * which plant.  Nothing planted stops the kernel: KASAN, KFENCE, UBSAN,
 * lockdep and debugobjects report and go on (no panic_on_warn), the
 * atomic-context bug does not really sleep, the timer of the debugobjects
 * plant is deactivated by its fixup, and the bug plant's oops ends only
 * its kthread.
 *
 *   lockdep   an AB-BA order of two mutexes, taken one after the other in
 *             this task: lockdep reports the cycle, nothing deadlocks.
 *             First: any taint that makes lockdep unreliable (KASAN,
 *             an oops) turns lock debugging off.
 *   atomic    kmalloc(GFP_KERNEL) under a spinlock: might_sleep() of the
 *             allocator reports, and the allocation does not sleep.  Not
 *             msleep(), which has no might_sleep() on 6.12: tried, it
 *             reported "BUG: scheduling while atomic" twice, as its
 *             schedule() reset the preempt count, the unlock took it to
 *             -1 and the next schedule() reset it again.
 *   kasan     a read of a kmalloc'd object after its kfree.
 *   ubsan     an array index out of bounds (a runtime index into an array
 *             inside a struct, so that KASAN sees a valid access).
 *   odebug    kfree of an object whose timer is pending.
 *   kfence    allocations until one is a KFENCE object (at most
 *             PLANT_KFENCE_MS), then a read of its guard page.
 *   warn      WARN_ONCE().
 *   kmemleak  a kmalloc'd object whose only pointer is dropped; reported
 *             by a kmemleak scan once it is 5 s old.
 *   bug       a NULL pointer dereference in a kthread: an oops (with
 *             KASAN a general protection fault at the shadow of NULL)
 *             that kills that kthread only.  Last: the oops turns lock
 *             debugging off.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kfence.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/uaccess.h>

/* How long the kfence plant waits for a KFENCE object. */
#define PLANT_KFENCE_MS 5000
/* How long the bug plant waits for its kthread to die. */
#define PLANT_BUG_MS 5000

static struct dentry *plant_dir;
static DEFINE_MUTEX(plant_mutex);

/* Reads of planted bugs land here, so that none is optimised away. */
static u8 plant_sink;

/*
 * plant_kmalloc - kmalloc() of an object that is not a KFENCE object: a
 * bug meant for KASAN, debugobjects or kmemleak in a KFENCE object could
 * be caught by KFENCE instead.
 */
static void *plant_kmalloc(size_t size)
{
	void *p;
	int i;

	for (i = 0; i < 8; i++) {
		p = kmalloc(size, GFP_KERNEL);
		if (!p || !is_kfence_address(p))
			return p;
		kfree(p);
	}
	return NULL;
}

static DEFINE_MUTEX(plant_mutex_a);
static DEFINE_MUTEX(plant_mutex_b);

static int plant_lockdep(void)
{
	mutex_lock(&plant_mutex_a);
	mutex_lock(&plant_mutex_b);
	mutex_unlock(&plant_mutex_b);
	mutex_unlock(&plant_mutex_a);

	/* The other order: lockdep sees the cycle; both are free. */
	mutex_lock(&plant_mutex_b);
	mutex_lock(&plant_mutex_a);
	mutex_unlock(&plant_mutex_a);
	mutex_unlock(&plant_mutex_b);
	return 0;
}

static DEFINE_SPINLOCK(plant_lock);

static int plant_atomic(void)
{
	void *p;

	spin_lock(&plant_lock);
	p = kmalloc(16, GFP_KERNEL);
	spin_unlock(&plant_lock);
	kfree(p);
	return 0;
}

static int plant_kasan(void)
{
	u8 *p = plant_kmalloc(64);

	if (!p)
		return -ENOMEM;
	memset(p, 0x5a, 64);
	kfree(p);
	OPTIMIZER_HIDE_VAR(p);
	plant_sink = READ_ONCE(p[8]);
	return 0;
}

struct plant_array {
	int a[4];
	int b;
};

static struct plant_array plant_array;
static int plant_index = ARRAY_SIZE(plant_array.a);

static int plant_ubsan(void)
{
	/* a[4] is b: a valid access to KASAN, out of bounds to UBSAN. */
	plant_sink = plant_array.a[READ_ONCE(plant_index)];
	return 0;
}

struct plant_timer {
	struct timer_list timer;
};

static void plant_timer_fn(struct timer_list *t)
{
	pr_err("gvt_plant: the planted timer fired\n");
}

static int plant_odebug(void)
{
	struct plant_timer *p = plant_kmalloc(sizeof(*p));

	if (!p)
		return -ENOMEM;
	timer_setup(&p->timer, plant_timer_fn, 0);
	mod_timer(&p->timer, jiffies + 60 * HZ);
	/* Freed with its timer pending: the fixup deletes the timer. */
	kfree(p);
	return 0;
}

static int plant_kfence(void)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(PLANT_KFENCE_MS);
	unsigned long start = jiffies;
	unsigned int n = 0;
	u8 *p, *guard;

	for (;;) {
		p = kmalloc(32, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		n++;
		if (is_kfence_address(p))
			break;
		kfree(p);
		if (time_after(jiffies, deadline)) {
			pr_err("gvt_plant: kfence: no KFENCE object in %u allocations over %u ms\n",
			       n, PLANT_KFENCE_MS);
			return -ETIMEDOUT;
		}
		usleep_range(500, 1000);
	}
	pr_info("gvt_plant: kfence: a KFENCE object after %u allocations, %u ms\n",
		n, jiffies_to_msecs(jiffies - start));
	/*
	 * A KFENCE object sits at the start or at the end of its page, with
	 * a guard page on either side: the byte before it, or the first
	 * byte of the next page.
	 */
	if (offset_in_page(p))
		guard = (u8 *)PAGE_ALIGN((unsigned long)p);
	else
		guard = p - 1;
	plant_sink = READ_ONCE(*guard);
	kfree(p);
	return 0;
}

static int plant_warn(void)
{
	WARN_ONCE(1, "gvt_plant: a planted WARN\n");
	return 0;
}

static int plant_kmemleak(void)
{
	u8 *p = plant_kmalloc(96);

	if (!p)
		return -ENOMEM;
	memset(p, 0x6b, 96);
	OPTIMIZER_HIDE_VAR(p);
	/* p goes out of scope: nothing refers to the object any more. */
	return 0;
}

static int *plant_null;

static int plant_bug_fn(void *unused)
{
	/* An oops that ends this kthread. */
	plant_sink = READ_ONCE(*READ_ONCE(plant_null));
	return 0;
}

static int plant_bug(void)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(PLANT_BUG_MS);
	struct task_struct *t;
	int ret = 0;

	t = kthread_create(plant_bug_fn, NULL, "gvt_plant_bug");
	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	wake_up_process(t);
	/* Its oops is on the console once it is dead. */
	while (!READ_ONCE(t->exit_state)) {
		if (time_after(jiffies, deadline)) {
			pr_err("gvt_plant: bug: the kthread still runs after %u ms\n",
			       PLANT_BUG_MS);
			ret = -ETIMEDOUT;
			break;
		}
		msleep(20);
	}
	put_task_struct(t);
	return ret;
}

struct plant {
	const char *name;
	int (*fn)(void);
	/* The detector is in this kernel; else what is missing. */
	bool on;
	const char *needs;
};

/* In the order they are best planted (see the top of the file). */
static const struct plant plants[] = {
	{ "lockdep", plant_lockdep, IS_ENABLED(CONFIG_PROVE_LOCKING),
	  "CONFIG_PROVE_LOCKING" },
	{ "atomic", plant_atomic, IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP),
	  "CONFIG_DEBUG_ATOMIC_SLEEP" },
	{ "kasan", plant_kasan, IS_ENABLED(CONFIG_KASAN), "CONFIG_KASAN" },
	{ "ubsan", plant_ubsan, IS_ENABLED(CONFIG_UBSAN_BOUNDS),
	  "CONFIG_UBSAN_BOUNDS" },
	{ "odebug", plant_odebug, IS_ENABLED(CONFIG_DEBUG_OBJECTS_TIMERS),
	  "CONFIG_DEBUG_OBJECTS_TIMERS" },
	{ "kfence", plant_kfence, IS_ENABLED(CONFIG_KFENCE), "CONFIG_KFENCE" },
	{ "warn", plant_warn, true, NULL },
	{ "kmemleak", plant_kmemleak, IS_ENABLED(CONFIG_DEBUG_KMEMLEAK),
	  "CONFIG_DEBUG_KMEMLEAK" },
	{ "bug", plant_bug, true, NULL },
};

static ssize_t plant_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	const struct plant *pl = NULL;
	char buf[16];
	size_t i;
	int ret;

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	strim(buf);
	for (i = 0; i < ARRAY_SIZE(plants) && !pl; i++) {
		if (!strcmp(buf, plants[i].name))
			pl = &plants[i];
	}
	if (!pl)
		return -EINVAL;
	if (!pl->on) {
		pr_info("gvt_plant: %s: not in this kernel (no %s)\n",
			pl->name, pl->needs);
		return -EOPNOTSUPP;
	}

	mutex_lock(&plant_mutex);
	pr_info("gvt_plant: plant %s\n", pl->name);
	ret = pl->fn();
	if (ret)
		pr_info("gvt_plant: %s: not planted (%d)\n", pl->name, ret);
	else
		pr_info("gvt_plant: planted %s\n", pl->name);
	mutex_unlock(&plant_mutex);
	return ret ? ret : len;
}

static ssize_t plant_read(struct file *file, char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	char buf[128];
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(plants); i++)
		n += scnprintf(buf + n, sizeof(buf) - n, "%s%s", i ? " " : "",
			       plants[i].name);
	n += scnprintf(buf + n, sizeof(buf) - n, "\n");
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations plant_fops = {
	.owner = THIS_MODULE,
	.read = plant_read,
	.write = plant_write,
	.llseek = default_llseek,
};

static int __init plant_init(void)
{
	plant_dir = debugfs_create_dir("gvt_plant", NULL);
	debugfs_create_file("plant", 0600, plant_dir, NULL, &plant_fops);
	return 0;
}

static void __exit plant_exit(void)
{
	debugfs_remove(plant_dir);
}

module_init(plant_init);
module_exit(plant_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gvt-mpt detector self-test: planted kernel bugs");
