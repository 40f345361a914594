"""Repositories that aimc-nas needs, all local (Debian packages and in-tree shims).

Used by this workspace's WORKSPACE and by any other workspace that depends on
aimc-nas:

    local_repository(name = "aimc_nas", path = "/path/to/aimc-nas")
    load("@aimc_nas//third_party:deps.bzl", "aimc_nas_dependencies")
    aimc_nas_dependencies(aimc_nas_path = "/path/to/aimc-nas")
"""

def aimc_nas_dependencies(aimc_nas_path):
    """Declares the offline shims and the @debian system-library repository.

    Args:
      aimc_nas_path: filesystem path of the aimc-nas checkout (absolute, or
        relative to the calling workspace's root).
    """
    shims = aimc_nas_path + "/third_party/"

    # Bazel 4's @bazel_tools loads these even for a C++-only build.
    native.local_repository(name = "rules_cc", path = shims + "rules_cc")
    native.local_repository(name = "rules_java", path = shims + "rules_java")
    native.local_repository(name = "remote_coverage_tools", path = shims + "remote_coverage_tools")

    # Native proto_library/cc_proto_library look for protoc and the runtime here.
    native.local_repository(name = "com_google_protobuf", path = shims + "protobuf")

    # One cc_library per Debian library (headers under /usr/include, libs in /usr/lib).
    native.new_local_repository(
        name = "debian",
        path = "/usr",
        build_file = str(Label("//third_party:debian.BUILD")),
    )
