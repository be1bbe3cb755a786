# System-wide nbgrader configuration of the class hub: setup.sh copies it to /etc/jupyter/nbgrader_config.py,
# where every user's server (students and instructor) reads it. Values from sizing.json (the test
# tests/test_classroom_kit.py keeps them equal): the course id and the filesystem exchange, a directory
# every user can write to (setup.sh makes it, mode 1777), through which students fetch and submit.
# The instructor's course directory has its own nbgrader_config.py (tools/make_student.py --nbgrader),
# which adds the sandboxed grading; both name the same course id.
c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "softmaxlab"
c.Exchange.root = "/srv/nbgrader/exchange"
c.Exchange.path_includes_course = True  # assignments land in ~/softmaxlab/01-softmax/, beside the student's own files
