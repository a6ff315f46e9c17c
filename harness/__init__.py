"""The untrusted side: the harness process that imports a student's files and runs the cases.

It is copied on its own into the sandbox's scratch directory and run there as the top-level
package ``harness``; it imports nothing from the rest of the grader (a test enforces it).
"""
